/** Worker thread entry: renders units [from, to) of a platform. */
import { parentPort, workerData } from 'node:worker_threads';
import { renderUnit } from './render.js';
import { platformUnits } from './units.js';
import type { WorkerReply, WorkerRequest } from './workers.js';

const request = workerData as WorkerRequest;
let reply: WorkerReply;
try {
  const files = platformUnits(request.platform).slice(request.from, request.to).map(renderUnit)
    .map((unit) => ({ path: unit.file, content: unit.yaml, objects: unit.objects.length }));
  reply = { files };
} catch (error) {
  reply = { error: error instanceof Error ? error.message : String(error) };
}
parentPort?.postMessage(reply);
