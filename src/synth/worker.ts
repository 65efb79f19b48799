/** Worker thread entry: claims and renders (and checks, and writes) chunks of a platform's units. */
import { parentPort, workerData } from 'node:worker_threads';
import { platformUnits } from './units.js';
import { renderClaimed, type WorkerReply, type WorkerRequest } from './workers.js';

const request = workerData as WorkerRequest;
let reply: WorkerReply;
try {
  reply = { outputs: renderClaimed(platformUnits(request.platform), new Int32Array(request.next), request.check, request.folder) };
} catch (error) {
  reply = { error: error instanceof Error ? error.message : String(error) };
}
parentPort?.postMessage(reply);
