/**
 * One measured synth, run as a fresh process by the fleet-synth scenario:
 *
 *   node bench/runners/synth.mjs --platform FILE.json --out DIR [--workers default|N] [--lib DIR]
 *
 * Loads the compiled library, validates the platform (definePlatform),
 * synthesizes and writes it with synthToFolder and commit (the path of
 * `saas-charts synth`, which writes each file while the next ones render),
 * then prints one JSON line. Times are milliseconds; `synthWriteMs` is the
 * figure the benchmark is about (synth + write, nothing before); `synthMs` is
 * up to the last file handed to the writer, `writeMs` the rest (the writer
 * finishing, the folder swap).
 */
import { createHook } from 'node:async_hooks';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// performance.now() counts from process start (timeOrigin), so this is start-up up to our first line.
const startupMs = performance.now();

const { values } = parseArgs({
  options: {
    lib: { type: 'string', default: fileURLToPath(new URL('../../lib', import.meta.url)) },
    out: { type: 'string' },
    platform: { type: 'string' },
    workers: { type: 'string', default: 'default' },
  },
});
if (!values.platform || !values.out) throw new Error('usage: synth.mjs --platform FILE.json --out DIR [--workers default|N]');
const workers = values.workers === 'default' ? undefined : Number(values.workers);
if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new Error(`--workers: expected "default" or a positive integer, got ${values.workers}`);

const lib = (path) => import(pathToFileURL(join(resolve(values.lib), path)).href);

const t0 = performance.now();
const [{ definePlatform }, { synthToFolder }] = await Promise.all([lib('src/platform/load.js'), lib('src/synth/synth.js')]);
const t1 = performance.now();
const platform = definePlatform(JSON.parse(await readFile(values.platform, 'utf8')), values.platform);
const t2 = performance.now();

// Count the worker threads synthToFolder starts, render and writer threads alike (the library does not say).
let workerThreads = 0;
const hook = createHook({ init(_id, type) { if (type === 'WORKER') workerThreads++; } });

const cpu0 = process.cpuUsage();
const t3 = performance.now();
hook.enable();
const result = await synthToFolder(platform, values.out, workers === undefined ? {} : { workers });
hook.disable();
const t4 = performance.now();
await result.commit();
const t5 = performance.now();
const cpu = process.cpuUsage(cpu0);

const written = await folderSize(values.out);
const total = process.cpuUsage();

process.stdout.write(`${JSON.stringify({
  bytes: written.bytes,
  cpuMs: (cpu.user + cpu.system) / 1000,
  files: written.files,
  importMs: t1 - t0,
  // KiB on Linux and macOS; includes the worker threads (same process).
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
  objects: result.objects,
  // The whole process so far, start-up included: lets the parent tell our CPU from other processes'.
  processCpuMs: (total.user + total.system) / 1000,
  startupMs,
  synthMs: t4 - t3,
  synthWriteMs: t5 - t3,
  validateMs: t2 - t1,
  workerThreads,
  writeMs: t5 - t4,
})}\n`);

async function folderSize(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    bytes += (await stat(join(entry.parentPath ?? entry.path, entry.name))).size;
    files++;
  }
  return { bytes, files };
}
