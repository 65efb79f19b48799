/**
 * The plain-cdk8s baseline, run as a fresh process by the fleet-synth scenario:
 *
 *   node bench/runners/one-app.mjs --platform FILE.json [--deadline-ms MS] [--lib DIR]
 *
 * Builds every chart instance of the platform into ONE cdk8s App (what a
 * plain cdk8s project does), then calls each chart's toJson(), as App.synth()
 * does chart by chart. Each toJson() prepares and validates the whole App, so
 * the cost grows with the square of the fleet. No YAML is written and nothing
 * goes to disk: the baseline is a lower bound on what plain cdk8s costs, which
 * only flatters it.
 *
 * With --deadline-ms, stops calling toJson() once that much time has gone by
 * and reports how many charts it got through (`completed: false`): the time is
 * then a lower bound. `callMs` holds each toJson() call's time, from which the
 * scenario projects the full time.
 *
 * Prints one JSON line (times in milliseconds).
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
    'deadline-ms': { type: 'string' },
  },
});
if (!values.platform) throw new Error('usage: one-app.mjs --platform FILE.json [--deadline-ms MS]');
const deadlineMs = values['deadline-ms'] === undefined ? Infinity : Number(values['deadline-ms']);

const lib = (path) => import(pathToFileURL(join(resolve(values.lib), path)).href);
const [{ definePlatform }, { platformUnits, newApp }] = await Promise.all([lib('src/platform/load.js'), lib('src/synth/units.js')]);
const platform = definePlatform(JSON.parse(await readFile(values.platform, 'utf8')), values.platform);
const units = platformUnits(platform);

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const app = newApp();
const charts = units.map((unit) => unit.build(app));
const t1 = performance.now();
let objects = 0;
const callMs = [];
for (const chart of charts) {
  const started = performance.now();
  objects += chart.toJson().length;
  callMs.push(performance.now() - started);
  if (performance.now() - t0 > deadlineMs) break;
}
const done = callMs.length;
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
const total = process.cpuUsage();

process.stdout.write(`${JSON.stringify({
  charts: charts.length,
  // Each toJson() call on its own: they cost about the same whatever the chart, since each one
  // prepares and validates the whole App; the scenario projects the full time from them.
  callMs,
  chartsRendered: done,
  completed: done === charts.length,
  constructMs: t1 - t0,
  cpuMs: (cpu.user + cpu.system) / 1000,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
  objects,
  processCpuMs: (total.user + total.system) / 1000,
  toJsonMs: t2 - t1,
  totalMs: t2 - t0,
})}\n`);
