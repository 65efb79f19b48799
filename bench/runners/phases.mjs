/**
 * Where single-thread synth time goes, phase by phase (a profiling aid, not a
 * scenario; BENCHMARKS.md quotes it):
 *
 *   node bench/runners/phases.mjs [--dedicated 1000] [--bricks 300] [--customers 100] [--passes 1] [--lib DIR]
 *
 * For every chart instance of the generated fleet, one after the other in this
 * thread, times: building the chart in a fresh App (cdk8s construction),
 * chart.toJson() (cdk8s resolve + validation), the library's apply-order
 * sort, the YAML writer, and JSON.stringify of the same objects (the floor).
 * Totals by phase and by kind of chart instance; one JSON line per pass. With
 * `--passes 2` or more the same fleet goes through again in this process:
 * the first pass pays for the JIT's warm-up, the later ones show the steady
 * state.
 */
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fleetPlatform } from '../fleet.mjs';

const { values } = parseArgs({
  options: {
    lib: { type: 'string', default: fileURLToPath(new URL('../../lib', import.meta.url)) },
    dedicated: { type: 'string', default: '1000' },
    bricks: { type: 'string', default: '300' },
    customers: { type: 'string', default: '100' },
    passes: { type: 'string', default: '1' },
  },
});
const passes = Number(values.passes);
if (!(Number.isInteger(passes) && passes >= 1)) throw new Error(`--passes: expected a positive integer, got ${values.passes}`);
const lib = (path) => import(pathToFileURL(join(resolve(values.lib), path)).href);
const [{ definePlatform }, { platformUnits, newApp }, { sortForApply }, { toYamlStream }] = await Promise.all([
  lib('src/platform/load.js'), lib('src/synth/units.js'), lib('src/synth/order.js'), lib('src/synth/yaml-writer.js'),
]);
const platform = definePlatform(fleetPlatform({ dedicated: Number(values.dedicated), bricks: Number(values.bricks), customers: Number(values.customers) }));

const units = platformUnits(platform);
const round = (value) => Math.round(value);
for (let pass = 1; pass <= passes; pass++) {
  const phases = { build: 0, toJson: 0, sort: 0, yaml: 0, stringify: 0 };
  const byKind = {};
  let objects = 0;
  const started = performance.now();
  for (const unit of units) {
    const t0 = performance.now();
    const chart = unit.build(newApp());
    const t1 = performance.now();
    const json = chart.toJson();
    const t2 = performance.now();
    const sorted = sortForApply(json);
    const t3 = performance.now();
    toYamlStream(sorted);
    const t4 = performance.now();
    JSON.stringify(sorted);
    const t5 = performance.now();
    phases.build += t1 - t0;
    phases.toJson += t2 - t1;
    phases.sort += t3 - t2;
    phases.yaml += t4 - t3;
    phases.stringify += t5 - t4;
    const kind = (byKind[unit.kind] ??= { units: 0, objects: 0, ms: 0 });
    kind.units++;
    kind.objects += sorted.length;
    kind.ms += t4 - t0;
    objects += sorted.length;
  }
  const totalMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify({
    pass,
    objects,
    totalMs: round(totalMs),
    phases: Object.fromEntries(Object.entries(phases).map(([key, value]) => [key, round(value)])),
    byKind: Object.fromEntries(Object.entries(byKind).map(([key, value]) => [key, { ...value, ms: round(value.ms) }])),
    maxRssMiB: round(process.resourceUsage().maxRSS / 1024),
  })}\n`);
}
