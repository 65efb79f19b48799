/**
 * In-process tenant renders (the management-API use), run as a fresh process
 * by the tenant-render scenario:
 *
 *   node bench/runners/render.mjs --platform FILE.json [--renders 1000] [--warmup 200] [--lib DIR]
 *
 * Loads the library and validates the platform once, then calls
 * renderTenant(platform, id) over the platform's dedicated tenants in turn
 * (so the tier mix of the fleet is the mix rendered): `warmup` renders first,
 * discarded (JIT, caches), then `renders` timed ones, each timed on its own.
 * Every render returns the tenant's objects and its YAML text, as a service
 * would send it. Prints one JSON line with every render time (milliseconds).
 */
import { join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    lib: { type: 'string', default: fileURLToPath(new URL('../../lib', import.meta.url)) },
    platform: { type: 'string' },
    renders: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '200' },
  },
});
if (!values.platform) throw new Error('usage: render.mjs --platform FILE.json [--renders N] [--warmup N]');
const renders = Number(values.renders);
const warmup = Number(values.warmup);

const lib = (path) => import(pathToFileURL(join(resolve(values.lib), path)).href);
const t0 = performance.now();
const [{ definePlatform }, { renderTenant }, { tenantPlacement }] = await Promise.all([
  lib('src/platform/load.js'), lib('src/synth/render-tenant.js'), lib('src/platform/tenants.js'),
]);
const importMs = performance.now() - t0;
const platform = definePlatform(JSON.parse(await readFile(values.platform, 'utf8')), values.platform);
const ids = platform.tenants.filter((tenant) => tenantPlacement(tenant) === 'dedicated').map((tenant) => tenant.id);
if (ids.length === 0) throw new Error('the platform has no dedicated tenant');

let next = 0;
const renderOne = () => {
  const id = ids[next++ % ids.length];
  const started = performance.now();
  const rendered = renderTenant(platform, id);
  const ms = performance.now() - started;
  return { ms, objects: rendered.objects.length, bytes: rendered.yaml.length };
};

const first = renderOne();
for (let i = 1; i < warmup; i++) renderOne();
const times = [];
let objects = 0;
let bytes = 0;
const cpu0 = process.cpuUsage();
const t1 = performance.now();
for (let i = 0; i < renders; i++) {
  const one = renderOne();
  times.push(one.ms);
  objects += one.objects;
  bytes += one.bytes;
}
const loopMs = performance.now() - t1;
const cpu = process.cpuUsage(cpu0);
const total = process.cpuUsage();

process.stdout.write(`${JSON.stringify({
  dedicatedTenants: ids.length,
  firstRenderMs: first.ms,
  importMs,
  loopCpuMs: (cpu.user + cpu.system) / 1000,
  loopMs,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
  meanBytes: bytes / renders,
  meanObjects: objects / renders,
  processCpuMs: (total.user + total.system) / 1000,
  renders,
  times,
  warmup,
})}\n`);
