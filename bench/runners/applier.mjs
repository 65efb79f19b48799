/**
 * One measured provisioning run, executed as a fresh process by the applier scenario:
 *
 *   node bench/runners/applier.mjs --tenants N --instance-concurrency K --concurrency C
 *       [--latency-ms 5] [--poll-ms 5] [--build DIR] [--lib DIR]
 *
 * Starts the fake API server (bench/.build, see bench/tsconfig.fake.json) in a
 * worker thread with `latency-ms` of injected latency on every request and
 * fast readiness (autoAdvance afterMs 0 for every kind the applier waits on),
 * then provisions the N dedicated tenants of a generated fleet with
 * applyPlatform (rendering included), and applies them a second time, which
 * must write nothing (--no-second skips that). Prints one JSON line (times in
 * milliseconds); `clientBusyMs` / `serverBusyMs` are how long each thread's
 * event loop was busy during the first apply.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { fleetPlatform } from '../fleet.mjs';

const { values } = parseArgs({
  options: {
    build: { type: 'string', default: fileURLToPath(new URL('../.build', import.meta.url)) },
    lib: { type: 'string', default: fileURLToPath(new URL('../../lib', import.meta.url)) },
    tenants: { type: 'string' },
    'instance-concurrency': { type: 'string' },
    concurrency: { type: 'string' },
    'latency-ms': { type: 'string', default: '5' },
    'poll-ms': { type: 'string', default: '5' },
    'object-timeout-s': { type: 'string', default: '30' },
    second: { type: 'boolean', default: true },
    'no-second': { type: 'boolean', default: false },
  },
});
const positive = (name) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name}: expected a non-negative integer, got ${values[name]}`);
  return value;
};
const tenants = positive('tenants');
const instanceConcurrency = positive('instance-concurrency');
const concurrency = positive('concurrency');
const latencyMs = positive('latency-ms');
const pollIntervalMs = positive('poll-ms');
// Every object here is ready within milliseconds; a wait that lasts this long is stuck, not slow.
const objectTimeoutSeconds = positive('object-timeout-s');
if (values['no-second']) values.second = false;

/** The kinds the applier waits on (see src/apply/readiness). */
const READY_KINDS = ['Deployment', 'StatefulSet', 'Job', 'Cluster', 'Certificate', 'PersistentVolumeClaim'];
const SUPPLIED = { 'email-credentials/api-key': 'x' };

const lib = (path) => import(pathToFileURL(join(resolve(values.lib), path)).href);
const [{ definePlatform }, { connect }, { ObjectClient }, { applyPlatform }] = await Promise.all([
  lib('src/platform/load.js'), lib('src/apply/transport.js'), lib('src/apply/objects.js'), lib('src/apply/apply-platform.js'),
]);

const worker = new Worker(new URL('./fake-server-worker.mjs', import.meta.url), {
  workerData: { build: resolve(values.build), latencyMs, readyKinds: READY_KINDS },
});
worker.once('error', (error) => {
  console.error(error);
  process.exit(1);
});
const replies = [];
const waiting = [];
worker.on('message', (message) => {
  const next = waiting.shift();
  if (next) next(message);
  else replies.push(message);
});
const nextMessage = () => (replies.length > 0 ? Promise.resolve(replies.shift()) : new Promise((resolveMessage) => waiting.push(resolveMessage)));
const ask = async (type) => {
  worker.postMessage({ type });
  return nextMessage();
};

const ready = await nextMessage();
if (ready.type !== 'ready') throw new Error(`fake API server: unexpected first message ${JSON.stringify(ready)}`);
const dir = await mkdtemp(join(os.tmpdir(), 'saas-charts-bench-applier-'));
try {
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, ready.kubeconfig);
  const platform = definePlatform(fleetPlatform({ dedicated: tenants, shared: 0 }));
  const only = platform.tenants.map((tenant) => tenant.id);
  const client = new ObjectClient(await connect({ kubeconfig }));
  const options = { only, instanceConcurrency, concurrency, suppliedSecrets: SUPPLIED, pollIntervalMs, objectTimeoutSeconds };

  // Event-loop utilization of each thread: how much of the wall time the applier
  // (this thread) and the fake API server (the worker) were busy running code.
  const cpu0 = process.cpuUsage();
  const clientElu0 = performance.eventLoopUtilization();
  const serverElu0 = worker.performance.eventLoopUtilization();
  const t0 = performance.now();
  let first;
  try {
    first = await applyPlatform(client, platform, options);
  } catch (error) {
    // A failed provisioning is a result too: report it (the scenario shows it) instead of dying.
    const failedMs = performance.now() - t0;
    const total = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({
      error: `${error?.name ?? 'Error'}: ${error?.message ?? error}`,
      failedAfterMs: failedMs,
      processCpuMs: (total.user + total.system) / 1000,
      requests: client.transport.stats.requests,
    })}\n`);
    await rm(dir, { recursive: true, force: true });
    await worker.terminate();
    process.exit(0);
  }
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const clientElu = performance.eventLoopUtilization(clientElu0);
  const serverElu = worker.performance.eventLoopUtilization(serverElu0);
  const firstClient = { ...client.transport.stats };
  const firstServer = await ask('stats');
  await ask('clear');

  const t2 = performance.now();
  const second = values.second ? await applyPlatform(client, platform, options) : undefined;
  const t3 = performance.now();
  const secondServer = await ask('stats');
  const secondClient = {
    requests: client.transport.stats.requests - firstClient.requests,
    retries: client.transport.stats.retries - firstClient.retries,
    writes: client.transport.stats.writes - firstClient.writes,
  };
  await ask('stop');
  const total = process.cpuUsage();

  const objects = first.reduce((sum, result) => sum + result.changes.filter((change) => change.action === 'created').length, 0);
  const count = (results, test) => results?.reduce((sum, result) => sum + result.changes.filter((change) => test(change.action)).length, 0);
  const unchanged = count(second, (action) => action === 'unchanged');
  const secondChanged = count(second, (action) => action !== 'unchanged');
  const ran = second !== undefined;
  process.stdout.write(`${JSON.stringify({
    applyMs: t1 - t0,
    // Both threads (the fake API server's included).
    applyCpuMs: (cpu.user + cpu.system) / 1000,
    clientBusyMs: clientElu.active,
    serverBusyMs: serverElu.active,
    created: objects,
    instances: first.length,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    processCpuMs: (total.user + total.system) / 1000,
    requests: firstClient.requests,
    retries: firstClient.retries,
    secondApplyMs: ran ? t3 - t2 : undefined,
    secondChanged,
    secondRequests: ran ? secondClient.requests : undefined,
    secondRetries: ran ? secondClient.retries : undefined,
    secondServerByMethod: ran ? secondServer.byMethod : undefined,
    secondServerWrites: ran ? secondServer.writes : undefined,
    secondUnchanged: unchanged,
    secondWrites: ran ? secondClient.writes : undefined,
    serverByMethod: firstServer.byMethod,
    serverRequests: firstServer.requests,
    writes: firstClient.writes,
  })}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
  await worker.terminate();
}
