/**
 * Scenario "fleet synth": system + free tier + N dedicated tenants (plus N/2
 * shared free-tier tenants), synthesized with synthPlatformFast and written
 * with writeOutput, each run in a fresh `node` process.
 *
 * Variants: every fleet size x { default workers, --workers 1 }. Runs are
 * interleaved (round 1 of every variant, then round 2, ...) so that a burst of
 * load from something else on the machine spreads over all variants instead of
 * skewing one.
 *
 * Issue bound: 10 times the tenants costs at most 12 times the time, checked
 * on the median synth+write time of the default path, largest vs smallest size.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetMix, fleetPlatform } from '../fleet.mjs';
import { makeTempDir, removeTempDir, round, runNode, summarizeSamples } from '../measure.mjs';
import { fmt, renderTable } from '../report.mjs';

const RUNNER = fileURLToPath(new URL('../runners/synth.mjs', import.meta.url));
const WORKER_VARIANTS = ['default', '1'];
/** "N times the tenants costs at most 1.2 N times the time." */
const SLACK = 1.2;

export const id = 'fleet-synth';
export const title = 'Fleet synth (synthPlatformFast + writeOutput, fresh process per run)';

function sizesFromEnv() {
  const sizes = (process.env.BENCH_FLEET_SIZES ?? '100,1000').split(',').map((text) => Number(text.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error(`BENCH_FLEET_SIZES: expected positive integers, got ${process.env.BENCH_FLEET_SIZES}`);
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/**
 * @param {{ runs: number, warmup: number, log: (line: string) => void }} ctx
 */
export async function run({ runs, warmup, log }) {
  const sizes = sizesFromEnv();
  const dir = await makeTempDir(`saas-charts-bench-${id}-`);
  try {
    const variants = [];
    for (const dedicated of sizes) {
      const shared = Math.round(dedicated / 2);
      const platformFile = join(dir, `fleet-${dedicated}.json`);
      await writeFile(platformFile, JSON.stringify(fleetPlatform({ dedicated, shared })));
      for (const workers of WORKER_VARIANTS) {
        variants.push({ key: `n${dedicated}-workers-${workers}`, dedicated, shared, workers, platformFile, samples: [] });
      }
    }

    const rounds = warmup + runs;
    for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
      const isWarmup = roundIndex < warmup;
      for (const variant of variants) {
        const out = join(dir, `out-${variant.key}-${roundIndex}`);
        const sample = await runNode(RUNNER, ['--platform', variant.platformFile, '--out', out, '--workers', variant.workers]);
        await removeTempDir(out);
        log(`${isWarmup ? 'warm-up' : `run ${roundIndex - warmup + 1}/${runs}`}  n=${variant.dedicated}  workers=${variant.workers}  synth+write ${fmt(sample.synthWriteMs)} ms  process ${fmt(sample.processMs)} ms  other load ${fmt(sample.otherCores, 2)} cores`);
        if (!isWarmup) variant.samples.push(sample);
      }
    }

    return summarizeScenario(sizes, variants, { runs, warmup });
  } finally {
    await removeTempDir(dir);
  }
}

function summarizeScenario(sizes, variants, { runs, warmup }) {
  const results = {};
  for (const variant of variants) {
    const samples = variant.samples.map((sample) => Object.fromEntries(Object.entries(sample).map(([key, value]) => [key, round(value)])));
    const stats = summarizeSamples(samples);
    const objects = samples[0].objects;
    if (samples.some((sample) => sample.objects !== objects || sample.bytes !== samples[0].bytes)) {
      throw new Error(`${variant.key}: runs produced different output sizes; synth is expected to be deterministic`);
    }
    results[variant.key] = {
      bytes: samples[0].bytes,
      dedicatedTenants: variant.dedicated,
      files: samples[0].files,
      mix: fleetMix({ dedicated: variant.dedicated, shared: variant.shared }),
      objects,
      objectsPerSecond: round(objects / (stats.synthWriteMs.median / 1000), 0),
      samples,
      sharedTenants: variant.shared,
      stats,
      workerThreads: [...new Set(samples.map((sample) => sample.workerThreads))].sort(),
      workers: variant.workers,
    };
  }

  const small = sizes[0];
  const large = sizes.at(-1);
  const scaling = {};
  if (large > small) {
    for (const workers of WORKER_VARIANTS) {
      const a = results[`n${small}-workers-${workers}`].stats.synthWriteMs.median;
      const b = results[`n${large}-workers-${workers}`].stats.synthWriteMs.median;
      const bound = round((large / small) * SLACK, 2);
      const ratio = round(b / a, 2);
      scaling[`workers-${workers}`] = { bound, from: small, ratio, to: large, verdict: ratio <= bound ? 'pass' : 'fail' };
    }
  }
  const workerSpeedup = {};
  for (const size of sizes) {
    const single = results[`n${size}-workers-1`].stats.synthWriteMs.median;
    const fast = results[`n${size}-workers-default`].stats.synthWriteMs.median;
    workerSpeedup[`n${size}`] = round(single / fast, 2);
  }

  return {
    bound: large > small ? `${large / small} times the tenants costs at most ${round((large / small) * SLACK, 2)} times the time` : 'n/a (one size)',
    boundBasis: 'median synthWriteMs of workers-default (synthPlatformFast without options), largest vs smallest size',
    description: 'system + free tier + N dedicated tenants (70% professional, 20% enterprise, 10% dedicated demo trials with createdAt; 10% with one custom domain) + N/2 shared free-tier tenants (3 free : 1 demo); each run a fresh node process writing to a new folder under os.tmpdir()',
    runs,
    scaling,
    sizes,
    variants: results,
    verdict: scaling['workers-default']?.verdict ?? 'n/a',
    warmup,
    workerSpeedup,
  };
}

/** The human-readable report of a result returned by `run`. */
export function report(result) {
  const rows = Object.values(result.variants).map((variant) => {
    const { stats } = variant;
    return {
      cpu: fmt(stats.cpuMs.median / stats.synthWriteMs.median, 2),
      max: fmt(stats.synthWriteMs.max),
      median: fmt(stats.synthWriteMs.median),
      min: fmt(stats.synthWriteMs.min),
      mib: fmt(variant.bytes / 2 ** 20, 1),
      objects: fmt(variant.objects),
      ops: fmt(variant.objectsPerSecond),
      other: fmt(stats.otherCores?.median, 2),
      process: fmt(stats.processMs.median),
      rss: fmt(stats.maxRssMiB.max),
      tenants: `${fmt(variant.dedicatedTenants)} (+${fmt(variant.sharedTenants)} shared)`,
      threads: variant.workerThreads.join('/'),
      workers: variant.workers,
    };
  });
  const table = renderTable([
    { key: 'tenants', title: 'dedicated tenants', align: 'left' },
    { key: 'workers', title: 'workers', align: 'left' },
    { key: 'threads', title: 'threads' },
    { key: 'objects', title: 'objects' },
    { key: 'mib', title: 'output MiB' },
    { key: 'median', title: 'synth+write ms median' },
    { key: 'min', title: 'min' },
    { key: 'max', title: 'max' },
    { key: 'ops', title: 'objects/s' },
    { key: 'cpu', title: 'CPU/wall' },
    { key: 'process', title: 'process ms median' },
    { key: 'rss', title: 'peak RSS MiB' },
    { key: 'other', title: 'other load (cores)' },
  ], rows);

  const lines = [title, `${result.runs} measured runs per variant (+${result.warmup} warm-up, discarded), interleaved.`, '', table, ''];
  const scaling = result.scaling['workers-default'];
  if (scaling) {
    const a = result.variants[`n${scaling.from}-workers-default`].stats.synthWriteMs.median;
    const b = result.variants[`n${scaling.to}-workers-default`].stats.synthWriteMs.median;
    lines.push(`Scaling, default workers (the ratio the bound is checked on): median ${fmt(b)} ms / ${fmt(a)} ms = ${fmt(scaling.ratio, 2)}x for ${fmt(scaling.to / scaling.from)}x the tenants; bound ${fmt(scaling.bound, 1)}x -> ${scaling.verdict.toUpperCase()}`);
    const single = result.scaling['workers-1'];
    lines.push(`Scaling, --workers 1 (for comparison): ${fmt(single.ratio, 2)}x (bound ${fmt(single.bound, 1)}x -> ${single.verdict})`);
  }
  for (const size of result.sizes) {
    const fast = result.variants[`n${size}-workers-default`];
    const speedup = result.workerSpeedup[`n${size}`];
    const threads = fast.workerThreads.join('/');
    const verdict = fast.workerThreads.every((count) => count === 0)
      ? 'default rendered on the main thread, the same path as --workers 1, so any difference is noise'
      : speedup < 1 ? 'the worker threads make it SLOWER' : 'the worker threads make it faster';
    lines.push(`Worker threads at ${fmt(size)} tenants: default started ${threads} thread(s); median(--workers 1) / median(default) = ${fmt(speedup, 2)}x: ${verdict}`);
  }
  lines.push('threads = worker threads synthPlatformFast started (0 = rendered on the main thread); CPU/wall = process CPU time (all threads, GC and I/O pool included) / wall time during synth+write;');
  lines.push(`peak RSS = largest maxRSS of the runs; other load = median CPU used by other processes during a run, in cores (of ${os.availableParallelism()}).`);
  return lines.join('\n');
}
