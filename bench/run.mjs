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
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { LIB_DIR, cleanupTempDirs, intFromEnv, loadAverage, machineInfo, systemBusyMs } from './measure.mjs';
import { renderTargets, stableStringify } from './report.mjs';
import { scenarios } from './scenarios/index.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A digest of every compiled .js file the runners load: tells whether lib/ was rebuilt during the run. */
function libDigest() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) hash.update(path).update(readFileSync(path));
    }
  };
  walk(LIB_DIR);
  return hash.digest('hex').slice(0, 16);
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
  if (!existsSync(join(LIB_DIR, 'src', 'synth', 'synth.js'))) {
    throw new Error(`${LIB_DIR} is not built; run \`npm run bench\` (it compiles first) or \`npx tsc -p tsconfig.json\``);
  }
  const runs = intFromEnv('BENCH_RUNS', 3, 1);
  const warmup = intFromEnv('BENCH_WARMUP', 1, 0);
  const only = process.env.BENCH_SCENARIOS ? process.env.BENCH_SCENARIOS.split(',').map((s) => s.trim()) : undefined;
  const unknown = (only ?? []).filter((name) => !scenarios.some((scenario) => scenario.id === name));
  if (unknown.length > 0) throw new Error(`BENCH_SCENARIOS: unknown ${unknown.join(', ')}; known: ${scenarios.map((s) => s.id).join(', ')}`);
  const selected = scenarios.filter((scenario) => !only || only.includes(scenario.id));
  const resultsPath = process.env.BENCH_RESULTS ?? fileURLToPath(new URL('results.json', import.meta.url));

  const machine = machineInfo();
  // Taken at the start (what was compiled and measured) and again at the end: another
  // process rebuilding lib/ or committing mid-run makes the figures a mix of two builds.
  const gitBefore = gitInfo();
  const libBefore = libDigest();
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
  const gitAfter = gitInfo();
  const libAfter = libDigest();
  const changed = libAfter !== libBefore || gitAfter.commit !== gitBefore.commit || gitAfter.sourceDirty !== gitBefore.sourceDirty;
  if (changed) {
    console.log(`WARNING: the code changed during the run (commit ${gitBefore.commit.slice(0, 12)} -> ${gitAfter.commit.slice(0, 12)}, lib/ digest ${libBefore} -> ${libAfter}): later scenarios may have measured another build.`);
  }
  await writeFile(resultsPath, stableStringify({
    config: { lib: process.env.BENCH_LIB ? LIB_DIR : 'lib', runs, scenarios: selected.map((scenario) => scenario.id), warmup },
    date,
    git: { ...gitBefore, after: gitAfter, changedDuringRun: changed, libDigest: { after: libAfter, before: libBefore } },
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
