/**
 * Worker-thread entry for the applier benchmark: runs the fake Kubernetes API
 * server (compiled from test/support/fake-api-server into bench/.build) in a
 * thread of its own, so the server and the applier each have an event loop,
 * as a real client and API server would.
 *
 * workerData: { build: absolute path of bench/.build, latencyMs, readyKinds }
 * Messages in:  { type: 'stats' } -> { type: 'stats', requests, writes, byMethod }
 *               { type: 'clear' } -> { type: 'cleared' }   (forget the request log)
 *               { type: 'stop' }  -> { type: 'stopped' }
 * Message out at start: { type: 'ready', kubeconfig }
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { build, latencyMs, readyKinds } = workerData;
const { startFakeApiServer } = await import(pathToFileURL(join(build, 'test/support/fake-api-server/index.js')).href);

const server = await startFakeApiServer();
// Fast readiness: every kind the applier waits for is ready as soon as it is written.
for (const kind of readyKinds) server.autoAdvance({ kind, afterMs: 0 });
if (latencyMs > 0) server.faults.add({ fault: { type: 'latency', ms: latencyMs } });

function stats() {
  const all = server.requests.all();
  const byMethod = {};
  for (const request of all) {
    const key = request.query.dryRun === undefined ? request.method : `${request.method} (dry-run)`;
    byMethod[key] = (byMethod[key] ?? 0) + 1;
  }
  return { requests: all.length, writes: server.requests.writes().filter((r) => r.query.dryRun === undefined).length, byMethod };
}

parentPort.on('message', async (message) => {
  if (message.type === 'stats') parentPort.postMessage({ type: 'stats', ...stats() });
  else if (message.type === 'clear') {
    server.requests.clear();
    parentPort.postMessage({ type: 'cleared' });
  } else if (message.type === 'stop') {
    await server.stop();
    parentPort.postMessage({ type: 'stopped' });
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready', kubeconfig: server.kubeconfig() });
