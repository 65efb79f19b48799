/**
 * Measurement helpers shared by every scenario: statistics over samples, a
 * child-process runner that times the whole process and collects the JSON
 * report its last stdout line carries, temporary folders, machine facts.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

// ---------------------------------------------------------------- statistics

/** Nearest-rank-with-interpolation percentile (p in 0..100) of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export const median = (values) => percentile(values, 50);

/**
 * Summary of one metric's samples. Extra percentiles (e.g. [90, 99]) can be
 * asked for by scenarios that need them; they appear as p90, p99, ...
 */
export function summarize(values, { percentiles = [] } = {}) {
  const summary = {
    max: Math.max(...values),
    median: median(values),
    min: Math.min(...values),
    n: values.length,
  };
  for (const p of percentiles) summary[`p${p}`] = percentile(values, p);
  return summary;
}

/** Summaries of every numeric metric in a list of sample objects. */
export function summarizeSamples(samples, options) {
  const metrics = {};
  for (const key of Object.keys(samples[0] ?? {})) {
    if (samples.every((sample) => typeof sample[key] === 'number')) {
      metrics[key] = summarize(samples.map((sample) => sample[key]), options);
    }
  }
  return metrics;
}

/** Rounds for JSON: keeps results.json readable and diffs small. */
export function round(value, digits = 2) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

// ---------------------------------------------------------------- processes

/** The compiled library the runners load: lib/ of this repository, or BENCH_LIB (another build, for A/B runs). */
export const LIB_DIR = process.env.BENCH_LIB ? resolve(process.env.BENCH_LIB) : fileURLToPath(new URL('../lib', import.meta.url));

/** `--lib DIR` for a runner when BENCH_LIB is set (the runners default to lib/). */
export function libArgs() {
  return process.env.BENCH_LIB ? ['--lib', LIB_DIR] : [];
}

/**
 * Runs `node script ...args` in a fresh process. Resolves with the parsed JSON
 * of the last non-empty stdout line, plus `processMs`: wall time from spawn
 * to exit as the parent sees it (process start-up, module loading and exit
 * included), and `otherCores`: CPU that other processes on the machine used
 * during the run, in cores (needs `processCpuMs` in the child's report).
 */
export async function runNode(script, args = [], { env, timeoutMs = 10 * 60_000, nodeArgs = [] } = {}) {
  const run = await runTimed(process.execPath, [...nodeArgs, script, ...args], { env, timeoutMs });
  const line = run.stdout.trim().split('\n').filter(Boolean).at(-1);
  let report;
  try {
    report = JSON.parse(line);
  } catch {
    throw new Error(`${script} printed no JSON report; stdout: ${run.stdout.slice(-500)}\nstderr: ${run.stderr.slice(-500)}`);
  }
  // CPU the rest of the machine used meanwhile, in cores (0 = quiet; 1 = one core's worth taken by others).
  const busyMs = run.busyCores * run.ms;
  const otherCores = typeof report.processCpuMs === 'number' ? Math.max(0, (busyMs - report.processCpuMs) / run.ms) : undefined;
  return { ...report, otherCores, processMs: run.ms };
}

/**
 * CPU time (ms) all CPUs spent busy since boot, from os.cpus() (10 ms
 * granularity). The difference over a run, minus the child's own CPU time
 * (runners report it as `processCpuMs`), is what other processes used.
 */
export function systemBusyMs() {
  let busy = 0;
  for (const { times } of os.cpus()) busy += times.user + times.nice + times.sys + times.irq;
  return busy;
}

// ---------------------------------------------------------------- temp folders

const tempDirs = new Set();

/** A fresh folder under os.tmpdir(); removed by `cleanupTempDirs` (also on Ctrl-C). */
export async function makeTempDir(prefix = 'saas-charts-bench-') {
  const dir = await mkdtemp(join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export async function removeTempDir(dir) {
  await rm(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

export async function cleanupTempDirs() {
  await Promise.all([...tempDirs].map(removeTempDir));
}

// ---------------------------------------------------------------- machine

export function machineInfo() {
  const cpus = os.cpus();
  return {
    arch: process.arch,
    availableParallelism: os.availableParallelism(),
    cpuCount: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    nodeVersion: process.version,
    os: `${os.type()} ${os.release()}`,
    platform: process.platform,
    totalMemoryBytes: os.totalmem(),
    totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1),
  };
}

/** 1, 5 and 15 minute load averages, to judge whether the machine was busy. */
export function loadAverage() {
  return os.loadavg().map((value) => round(value, 2));
}

/**
 * Runs a command as a whole process and times it from spawn to exit with
 * hrtime (performance.now), as a user sees it. Rejects on a non-zero exit.
 * Resolves with { ms, stdout, stderr, busyCores }: busyCores is the CPU the
 * whole machine used meanwhile, the child included, in cores.
 */
export function runTimed(command, args = [], { cwd, env, timeoutMs = 5 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const busyBefore = systemBusyMs();
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const busyMs = systemBusyMs() - busyBefore;
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? `code ${code}`}\n${stderr.trim()}`));
        return;
      }
      resolve({ ms, stdout, stderr, busyCores: busyMs / ms });
    });
  });
}

/** An integer setting from the environment, with a fallback and a lower bound. */
export function intFromEnv(name, fallback, min) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}: expected an integer >= ${min}, got ${JSON.stringify(text)}`);
  return value;
}
