/** Worker thread entry: renders (and checks) units [from, to) of a platform. */
import { parentPort, workerData } from 'node:worker_threads';
import { synthUnit } from './synth.js';
import { platformUnits } from './units.js';
import type { WorkerReply, WorkerRequest } from './workers.js';

const request = workerData as WorkerRequest;
let reply: WorkerReply;
try {
  reply = { outputs: platformUnits(request.platform).slice(request.from, request.to).map((unit) => synthUnit(unit, request.check)) };
} catch (error) {
  reply = { error: error instanceof Error ? error.message : String(error) };
}
parentPort?.postMessage(reply);
