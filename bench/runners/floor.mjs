/**
 * The serialization floor, run as a fresh process by the fleet-synth scenario:
 *
 *   node bench/runners/floor.mjs --platform FILE.json [--repeat N] [--lib DIR]
 *
 * Renders every chart instance to its plain objects first (not timed: the
 * same objects synth writes, in the same order), then times, over the whole
 * fleet, file by file:
 *   - JSON.stringify of each file's objects (the floor of issue 6);
 *   - toYamlStream of the same objects (the library's YAML writer alone), for
 *     comparison.
 * Each is timed `repeat` times after one discarded warm-up pass. Then, with
 * the JIT warm from all of that, times `repeat` passes that render every unit
 * again and write its YAML (in memory): what synth costs once warm, without
 * disk, so the report can tell the cold start from the steady state. Prints
 * one JSON line with the per-pass times (milliseconds) and the byte counts.
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
    repeat: { type: 'string', default: '3' },
  },
});
if (!values.platform) throw new Error('usage: floor.mjs --platform FILE.json [--repeat N]');
const repeat = Number(values.repeat);

const lib = (path) => import(pathToFileURL(join(resolve(values.lib), path)).href);
const [{ definePlatform }, { platformUnits }, { renderObjects, renderUnit }, { toYamlStream }] = await Promise.all([
  lib('src/platform/load.js'), lib('src/synth/units.js'), lib('src/synth/render.js'), lib('src/synth/yaml-writer.js'),
]);
const platform = definePlatform(JSON.parse(await readFile(values.platform, 'utf8')), values.platform);
const t0 = performance.now();
const units = platformUnits(platform);
const files = units.map(renderObjects).filter((objects) => objects.length > 0);
const renderMs = performance.now() - t0;
const objects = files.reduce((sum, file) => sum + file.length, 0);

function pass(serialize) {
  const started = performance.now();
  let chars = 0;
  for (const file of files) chars += serialize(file).length;
  return { ms: performance.now() - started, chars };
}

const stringify = (file) => JSON.stringify(file);
const yaml = (file) => toYamlStream(file);
pass(stringify);
pass(yaml);
const stringifyMs = [];
const yamlMs = [];
let jsonChars = 0;
let yamlChars = 0;
for (let i = 0; i < repeat; i++) {
  const json = pass(stringify);
  stringifyMs.push(json.ms);
  jsonChars = json.chars;
  const text = pass(yaml);
  yamlMs.push(text.ms);
  yamlChars = text.chars;
}
const warmRenderYamlMs = [];
for (let i = 0; i < repeat; i++) {
  const started = performance.now();
  for (const unit of units) renderUnit(unit);
  warmRenderYamlMs.push(performance.now() - started);
}
const total = process.cpuUsage();

process.stdout.write(`${JSON.stringify({
  files: files.length,
  jsonChars,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
  objects,
  processCpuMs: (total.user + total.system) / 1000,
  renderMs,
  stringifyMs,
  warmRenderYamlMs,
  yamlChars,
  yamlMs,
})}\n`);
