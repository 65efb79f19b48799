/**
 * `npm run bench` entry (after tsc): runs the scenarios, prints their tables
 * on stdout (progress goes to stderr) and writes bench/results.json.
 *
 * Environment (every knob, with the scenario ones, is listed in bench/README.md):
 *   BENCH_RUNS=3          measured runs per variant (at least 1)
 *   BENCH_WARMUP=1        extra runs per variant first, discarded
 *   BENCH_SCENARIOS=a,b   only these scenario ids (default: all)
 *   BENCH_RESULTS=path    where to write the results (default bench/results.json)
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { cleanupTempDirs, loadAverage, machineInfo, systemBusyMs } from './measure.mjs';
import { renderTargets, stableStringify } from './report.mjs';
import { scenarios } from './scenarios/index.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function intFromEnv(name, fallback, min) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}: expected an integer >= ${min}, got ${JSON.stringify(text)}`);
  return value;
}

function gitInfo() {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'src', 'constructs', 'imports'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { commit, sourceDirty: status.trim() !== '' };
  } catch {
    return { commit: 'unknown', sourceDirty: null };
  }
}

/** Cores' worth of CPU the whole machine used over `ms` (this process idles meanwhile). */
async function busyCores(ms) {
  const before = systemBusyMs();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return Math.round(((systemBusyMs() - before) / (performance.now() - started)) * 100) / 100;
}

async function main() {
  if (!existsSync(new URL('../lib/src/synth/synth.js', import.meta.url))) {
    throw new Error('lib/ is not built; run `npm run bench` (it compiles first) or `npx tsc -p tsconfig.json`');
  }
  const runs = intFromEnv('BENCH_RUNS', 3, 1);
  const warmup = intFromEnv('BENCH_WARMUP', 1, 0);
  const only = process.env.BENCH_SCENARIOS ? process.env.BENCH_SCENARIOS.split(',').map((s) => s.trim()) : undefined;
  const unknown = (only ?? []).filter((name) => !scenarios.some((scenario) => scenario.id === name));
  if (unknown.length > 0) throw new Error(`BENCH_SCENARIOS: unknown ${unknown.join(', ')}; known: ${scenarios.map((s) => s.id).join(', ')}`);
  const selected = scenarios.filter((scenario) => !only || only.includes(scenario.id));
  const resultsPath = process.env.BENCH_RESULTS ?? fileURLToPath(new URL('results.json', import.meta.url));

  const machine = machineInfo();
  const loadBefore = loadAverage();
  const busyBefore = await busyCores(1000);
  const date = new Date().toISOString();
  console.log(`saas-charts bench  ${date}`);
  console.log(`${machine.cpuModel} x ${machine.cpuCount}, ${machine.totalMemoryGiB} GiB, Node ${machine.nodeVersion}, ${machine.os}`);
  console.log(`before: load average (1/5/15 min) ${loadBefore.join(' / ')}; CPU busy over the last second ${busyBefore} of ${machine.availableParallelism} cores`);
  if (busyBefore > 0.25) {
    console.log('note: other processes are using the CPU; the figures include that contention (see the "other load" column)');
  }

  const results = {};
  for (const scenario of selected) {
    const log = (line) => process.stderr.write(`[${scenario.id}] ${line}\n`);
    const started = Date.now();
    results[scenario.id] = await scenario.run({ runs, warmup, log });
    results[scenario.id].durationSeconds = Math.round((Date.now() - started) / 1000);
    console.log(`\n${scenario.report(results[scenario.id])}`);
  }

  const targets = selected.flatMap((scenario) => (results[scenario.id].targets ?? []).map((target) => ({ scenario: scenario.id, ...target })));
  if (targets.length > 0) {
    console.log(`\nTargets (issue 6)\n\n${renderTargets(targets)}\n`);
    for (const target of targets) if (target.basis) console.log(`- ${target.title}: ${target.basis}`);
  }

  const loadAfter = loadAverage();
  console.log(`\nload average (1/5/15 min) after: ${loadAfter.join(' / ')}`);
  await writeFile(resultsPath, stableStringify({
    config: { runs, scenarios: selected.map((scenario) => scenario.id), warmup },
    date,
    git: gitInfo(),
    busyCoresBefore: busyBefore,
    loadAverage: { after: loadAfter, before: loadBefore },
    machine,
    scenarios: results,
    targets,
  }));
  console.log(`results written to ${resultsPath}`);
}

const interrupt = (signal) => {
  void cleanupTempDirs().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};
process.once('SIGINT', interrupt);
process.once('SIGTERM', interrupt);

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanupTempDirs();
}
