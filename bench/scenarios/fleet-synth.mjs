/**
 * Scenario "fleet synth" (issue 6, item 1): system + free tier + N dedicated
 * tenants (plus N/2 shared free-tier tenants) + 300 marketplace bricks + 100
 * IoT customers, synthesized and written with synthToFolder + commit (the
 * path of `saas-charts synth`), each run in a fresh `node` process.
 *
 * Variants: every fleet size x { default threads, --workers 1, --workers 2 }. Runs are
 * interleaved (round 1 of every variant, then round 2, ...) so that a burst of
 * load from something else on the machine spreads over all variants instead of
 * skewing one. Sizes above 1,000 tenants run BENCH_LARGE_RUNS times on the
 * default path and once with --workers 1 and 2, without warm-up.
 *
 * In the same run, per size:
 *   - the floor: JSON.stringify of the same objects, file by file
 *     (runners/floor.mjs; also times the library's YAML writer alone and a
 *     warm render+YAML pass). It is sampled in every measured round, right
 *     after that round's synth runs, and the ratio is the median of the
 *     rounds' ratios: this VM's speed drifts by 30-50% within an hour, which
 *     a floor measured once, minutes apart from our runs, would carry into
 *     the ratio;
 *   - the plain-cdk8s baseline: every chart in ONE cdk8s App, each chart's
 *     toJson() (runners/one-app.mjs). It is quadratic, so it is capped: it
 *     stops after BENCH_BASELINE_FACTOR times our median at that size (at
 *     least BENCH_BASELINE_MIN_S seconds), and its full time is projected from
 *     the toJson() calls it made. A stopped baseline gives a lower bound.
 *
 * Targets (issue 6): 1,000 tenants <= 3 s wall and <= 400 MiB peak RSS,
 * >= 10x faster than the one-App baseline, <= 10x the JSON.stringify floor;
 * 5,000 tenants <= 5.5x the time of 1,000. Also kept from before: 10 times the
 * tenants costs at most 12 times the time (100 -> 1,000).
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BRICKS, DEFAULT_CUSTOMERS, fleetMix, fleetPlatform } from '../fleet.mjs';
import { libArgs, makeTempDir, median, removeTempDir, round, runNode, summarize, summarizeSamples } from '../measure.mjs';
import { fmt, judge, renderTable } from '../report.mjs';

const RUNNER = fileURLToPath(new URL('../runners/synth.mjs', import.meta.url));
const FLOOR_RUNNER = fileURLToPath(new URL('../runners/floor.mjs', import.meta.url));
const BASELINE_RUNNER = fileURLToPath(new URL('../runners/one-app.mjs', import.meta.url));
const WORKER_VARIANTS = ['default', '1', '2'];
/** "N times the tenants costs at most 1.2 N times the time." */
const SLACK = 1.2;
/** Sizes above this are "large": fewer runs, no warm-up. */
const LARGE = 1000;
/** Timed passes of each kind per floor sample (after one discarded pass). */
const FLOOR_PASSES = 3;

export const id = 'fleet-synth';
export const title = 'Fleet synth (synthToFolder + commit, fresh process per run)';

function listFromEnv(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  if (text.trim() === 'none') return [];
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isInteger(value) || value < 1)) throw new Error(`${name}: expected positive integers (or "none"), got ${text}`);
  return [...new Set(values)].sort((a, b) => a - b);
}

/** The floor is paired with every measured round, which only sizes up to LARGE have all of. */
function floorSizes(sizes) {
  const large = sizes.filter((size) => size > LARGE);
  if (large.length > 0) throw new Error(`BENCH_FLOOR_SIZES: the floor is measured at sizes up to ${LARGE} only (their runs are paired with it round by round), got ${large.join(', ')}`);
  return sizes;
}

function numberFromEnv(name, fallback, min = 0) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name}: expected a number >= ${min}, got ${JSON.stringify(text)}`);
  return value;
}

function settings() {
  const sizes = listFromEnv('BENCH_FLEET_SIZES', [100, 1000, 5000]);
  if (sizes.length === 0) throw new Error('BENCH_FLEET_SIZES: at least one size');
  const small = sizes.filter((size) => size <= LARGE);
  return {
    sizes,
    bricks: numberFromEnv('BENCH_FLEET_BRICKS', DEFAULT_BRICKS),
    customers: numberFromEnv('BENCH_FLEET_CUSTOMERS', DEFAULT_CUSTOMERS),
    largeRuns: numberFromEnv('BENCH_LARGE_RUNS', 2, 1),
    floorSizes: floorSizes(listFromEnv('BENCH_FLOOR_SIZES', small).filter((size) => sizes.includes(size))),
    baselineSizes: listFromEnv('BENCH_BASELINE_SIZES', small).filter((size) => sizes.includes(size)),
    baselineFactor: numberFromEnv('BENCH_BASELINE_FACTOR', 12, 1),
    baselineMinSeconds: numberFromEnv('BENCH_BASELINE_MIN_S', 30, 0),
  };
}

/**
 * @param {{ runs: number, warmup: number, log: (line: string) => void }} ctx
 */
export async function run({ runs, warmup, log }) {
  const config = settings();
  const { sizes, bricks, customers } = config;
  const dir = await makeTempDir(`saas-charts-bench-${id}-`);
  try {
    const variants = [];
    const platformFiles = {};
    for (const dedicated of sizes) {
      const shared = Math.round(dedicated / 2);
      const platformFile = join(dir, `fleet-${dedicated}.json`);
      platformFiles[dedicated] = platformFile;
      await writeFile(platformFile, JSON.stringify(fleetPlatform({ dedicated, shared, bricks, customers })));
      for (const workers of WORKER_VARIANTS) {
        const large = dedicated > LARGE;
        const plan = large ? { warmup: 0, runs: workers === 'default' ? config.largeRuns : 1 } : { warmup, runs };
        variants.push({ key: `n${dedicated}-workers-${workers}`, dedicated, shared, workers, platformFile, samples: [], ...plan });
      }
    }

    const floorSamples = Object.fromEntries(config.floorSizes.map((size) => [size, []]));
    const rounds = Math.max(...variants.map((variant) => variant.warmup + variant.runs));
    for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
      for (const variant of variants) {
        if (roundIndex >= variant.warmup + variant.runs) continue;
        const isWarmup = roundIndex < variant.warmup;
        const out = join(dir, `out-${variant.key}-${roundIndex}`);
        const sample = await runNode(RUNNER, ['--platform', variant.platformFile, '--out', out, '--workers', variant.workers, ...libArgs()]);
        await removeTempDir(out);
        log(`${isWarmup ? 'warm-up' : `run ${roundIndex - variant.warmup + 1}/${variant.runs}`}  n=${variant.dedicated}  workers=${variant.workers}  synth+write ${fmt(sample.synthWriteMs)} ms  process ${fmt(sample.processMs)} ms  peak RSS ${fmt(sample.maxRssMiB)} MiB  other load ${fmt(sample.otherCores, 2)} cores`);
        if (!isWarmup) variant.samples.push(sample);
      }
      // The floor of each small size, paired with this round's runs (sizes floored are never large: every round is theirs).
      for (const size of config.floorSizes) {
        if (roundIndex < warmup) continue;
        const sample = await runNode(FLOOR_RUNNER, ['--platform', platformFiles[size], '--repeat', String(FLOOR_PASSES), ...libArgs()]);
        floorSamples[size].push(sample);
        log(`floor n=${size}, run ${floorSamples[size].length}/${runs}  JSON.stringify median ${fmt(median(sample.stringifyMs))} ms  YAML writer median ${fmt(median(sample.yamlMs))} ms  render+YAML again, warm, median ${fmt(median(sample.warmRenderYamlMs))} ms  (objects rendered in ${fmt(sample.renderMs)} ms, not timed)`);
      }
    }
    const results = summarizeVariants(variants, { bricks, customers });

    const floors = {};
    for (const size of config.floorSizes) floors[`n${size}`] = summarizeFloor(size, floorSamples[size], results);

    const baselines = {};
    for (const size of config.baselineSizes) {
      const ours = results[`n${size}-workers-default`].stats.synthWriteMs.median;
      const deadlineMs = Math.max(config.baselineMinSeconds * 1000, config.baselineFactor * ours);
      log(`one-App baseline n=${size}: stops after ${fmt(deadlineMs / 1000)} s (${config.baselineFactor} x our median ${fmt(ours)} ms, at least ${config.baselineMinSeconds} s)`);
      const sample = await runNode(BASELINE_RUNNER, ['--platform', platformFiles[size], '--deadline-ms', String(Math.round(deadlineMs)), ...libArgs()], { timeoutMs: deadlineMs + 10 * 60_000 });
      baselines[`n${size}`] = summarizeBaseline(size, sample, results, deadlineMs);
      const baseline = baselines[`n${size}`];
      log(`one-App baseline n=${size}: ${baseline.chartsRendered}/${baseline.charts} charts in ${fmt(baseline.measuredMs)} ms${baseline.completed ? '' : ` (stopped; projected ${fmt(baseline.projectedMs / 1000)} s)`}; ${baseline.completed ? '' : 'at least '}${fmt(baseline.ratio, 1)}x our median`);
    }

    return summarizeScenario(config, results, floors, baselines, { runs, warmup });
  } finally {
    await removeTempDir(dir);
  }
}

function summarizeVariants(variants, { bricks, customers }) {
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
      mix: fleetMix({ dedicated: variant.dedicated, shared: variant.shared, bricks, customers }),
      objects,
      objectsPerSecond: round(objects / (stats.synthWriteMs.median / 1000), 0),
      runs: variant.runs,
      samples,
      sharedTenants: variant.shared,
      stats,
      warmup: variant.warmup,
      workerThreads: [...new Set(samples.map((sample) => sample.workerThreads))].sort(),
      workers: variant.workers,
    };
  }
  return results;
}

/**
 * One floor sample per measured round, in round order, like each variant's
 * samples: figures are the medians over rounds of each sample's median pass,
 * and ratios the median over rounds of (our run in that round / that round's
 * floor).
 */
function summarizeFloor(size, samples, results) {
  const ours = results[`n${size}-workers-default`];
  for (const sample of samples) {
    if (sample.objects !== ours.objects) throw new Error(`floor n=${size}: ${sample.objects} objects, synth wrote ${ours.objects}`);
  }
  const perRound = (key) => samples.map((sample) => round(median(sample[key])));
  const stringifyRounds = perRound('stringifyMs');
  const pairedRatio = (variant) => round(median(results[variant].samples.map((sample, i) => sample.synthWriteMs / stringifyRounds[i])), 2);
  const stringifyMs = summarize(stringifyRounds);
  const yamlMs = summarize(perRound('yamlMs'));
  const warmRenderYamlMs = summarize(perRound('warmRenderYamlMs'));
  return {
    jsonBytes: samples[0].jsonChars,
    maxRssMiB: round(Math.max(...samples.map((sample) => sample.maxRssMiB))),
    objects: samples[0].objects,
    rounds: samples.length,
    // cdk8s construction + toJson + apply order of every chart, one thread (what precedes serialization), median over rounds.
    renderMs: round(median(samples.map((sample) => sample.renderMs))),
    stringifyMs,
    stringifyRounds,
    // Ours (default path, synth + write) over the floor of the same round, median over rounds.
    ratio: pairedRatio(`n${size}-workers-default`),
    ratioWorkers1: pairedRatio(`n${size}-workers-1`),
    yamlBytes: samples[0].yamlChars,
    yamlMs,
    yamlOverStringify: round(yamlMs.median / stringifyMs.median, 2),
    // The same units rendered and written to YAML again in that process, JIT warm, no disk: the steady state of synth.
    warmRenderYamlMs,
    warmOverStringify: round(median(samples.map((sample, i) => median(sample.warmRenderYamlMs) / stringifyRounds[i])), 2),
  };
}

/** Steady-state cost of one toJson() call: the median of the later half of the calls made (the first ones pay for JIT warm-up). */
function steadyCallMs(callMs) {
  return median(callMs.slice(Math.floor(callMs.length / 2)));
}

function summarizeBaseline(size, sample, results, deadlineMs) {
  const ours = results[`n${size}-workers-default`].stats.synthWriteMs.median;
  const single = results[`n${size}-workers-1`].stats.synthWriteMs.median;
  const measuredMs = sample.totalMs;
  const remaining = sample.charts - sample.chartsRendered;
  const projectedMs = sample.completed ? measuredMs : measuredMs + remaining * steadyCallMs(sample.callMs);
  return {
    charts: sample.charts,
    chartsRendered: sample.chartsRendered,
    completed: sample.completed,
    constructMs: round(sample.constructMs),
    deadlineMs: round(deadlineMs),
    firstCallMs: round(sample.callMs[0]),
    lastCallMs: round(sample.callMs.at(-1)),
    maxRssMiB: round(sample.maxRssMiB),
    measuredMs: round(measuredMs),
    objects: sample.objects,
    projectedMs: round(projectedMs),
    // measured baseline / our median: a lower bound when the baseline was stopped.
    ratio: round(measuredMs / ours, 2),
    ratioProjected: round(projectedMs / ours, 2),
    ratioWorkers1: round(measuredMs / single, 2),
    steadyCallMs: round(steadyCallMs(sample.callMs)),
    toJsonMs: round(sample.toJsonMs),
  };
}

function summarizeScenario(config, results, floors, baselines, { runs, warmup }) {
  const { sizes } = config;
  const medianOf = (size, workers = 'default') => results[`n${size}-workers-${workers}`].stats.synthWriteMs.median;
  const scaling = [];
  for (let i = 1; i < sizes.length; i++) {
    const [from, to] = [sizes[i - 1], sizes[i]];
    const ratio = round(medianOf(to) / medianOf(from), 2);
    const bound = round((to / from) * SLACK, 2);
    scaling.push({ bound, from, ratio, ratioWorkers1: round(medianOf(to, '1') / medianOf(from, '1'), 2), to, verdict: ratio <= bound ? 'pass' : 'fail' });
  }
  const workerSpeedup = {};
  for (const size of sizes) workerSpeedup[`n${size}`] = round(medianOf(size, '1') / medianOf(size), 2);

  const targets = [];
  if (sizes.includes(1000)) {
    const variant = results['n1000-workers-default'];
    targets.push(judge({
      id: 'fleet-1000-wall', title: '1,000-tenant fleet synth, wall time', value: variant.stats.synthWriteMs.median / 1000, bound: 3, op: '<=', unit: 's',
      basis: `median synth+write of ${variant.runs} run(s), default workers (process wall median ${fmt(variant.stats.processMs.median / 1000, 2)} s)`,
    }));
    targets.push(judge({
      id: 'fleet-1000-rss', title: '1,000-tenant fleet synth, peak RSS', value: variant.stats.maxRssMiB.max, bound: 400, op: '<=', unit: 'MiB', digits: 0,
      basis: `largest maxRSS of ${variant.runs} run(s), default workers, worker threads included`,
    }));
    const baseline = baselines.n1000;
    targets.push(baseline
      ? judge({
        id: 'fleet-1000-baseline', title: '1,000 tenants vs the one-App cdk8s baseline', value: baseline.ratio, bound: 10, op: '>=', unit: 'x faster', digits: 1, lowerBound: !baseline.completed,
        basis: baseline.completed
          ? `baseline ${fmt(baseline.measuredMs / 1000, 1)} s (one run, complete) / our median`
          : `baseline stopped after ${fmt(baseline.measuredMs / 1000, 1)} s with ${baseline.chartsRendered} of ${baseline.charts} charts done (projected ${fmt(baseline.projectedMs / 1000)} s, ${fmt(baseline.ratioProjected)}x) / our median: a lower bound`,
      })
      : judge({ id: 'fleet-1000-baseline', title: '1,000 tenants vs the one-App cdk8s baseline', value: Number.NaN, bound: 10, op: '>=', unit: 'x faster', note: 'not run (BENCH_BASELINE_SIZES)', basis: '' }));
    const floor = floors.n1000;
    targets.push(floor
      ? judge({
        id: 'fleet-1000-floor', title: '1,000 tenants vs the JSON.stringify floor', value: floor.ratio, bound: 10, op: '<=', unit: 'x the floor', digits: 1,
        basis: `median over ${floor.rounds} rounds of our run / the JSON.stringify floor of the same ${fmt(floor.objects)} objects sampled right after it (our median ${fmt(medianOf(1000))} ms, floor median ${fmt(floor.stringifyMs.median)} ms, rounds ${floor.stringifyRounds.map((ms) => fmt(ms)).join(', ')} ms)`,
      })
      : judge({ id: 'fleet-1000-floor', title: '1,000 tenants vs the JSON.stringify floor', value: Number.NaN, bound: 10, op: '<=', unit: 'x the floor', note: 'not run (BENCH_FLOOR_SIZES)', basis: '' }));
  }
  if (sizes.includes(1000) && sizes.includes(5000)) {
    const large = results['n5000-workers-default'];
    targets.push(judge({
      id: 'fleet-5000-scaling', title: '5,000 tenants vs 1,000, time ratio', value: medianOf(5000) / medianOf(1000), bound: 5.5, op: '<=', unit: 'x', digits: 2,
      basis: `median synth+write, default workers: ${fmt(medianOf(5000))} ms (${large.runs} run${large.runs === 1 ? '' : 's'}) / ${fmt(medianOf(1000))} ms`,
    }));
  }

  return {
    baselineCap: `the one-App baseline runs ${config.baselineSizes.length > 0 ? `at ${config.baselineSizes.map((size) => fmt(size)).join(' and ')} tenants only` : 'at no size (BENCH_BASELINE_SIZES)'}, once each, and stops after ${config.baselineFactor} x our median synth+write at that size (at least ${config.baselineMinSeconds} s); a stopped baseline's time is a lower bound and its full time is projected from its toJson() calls`,
    baselines,
    bricks: config.bricks,
    customers: config.customers,
    description: `system + free tier + N dedicated tenants (70% professional, 20% enterprise, 10% dedicated demo trials with createdAt; 10% with one custom domain) + N/2 shared free-tier tenants (3 free : 1 demo) + ${config.bricks} marketplace bricks (1 in 20 paused) + ${config.customers} IoT customers (1 in 20 paused); each run a fresh node process writing to a new folder under os.tmpdir()`,
    floors,
    largeRuns: config.largeRuns,
    runs,
    scaling,
    sizes,
    targets,
    variants: results,
    warmup,
    workerSpeedup,
  };
}

/** The human-readable report of a result returned by `run`. */
export function report(result) {
  // results.json sorts keys; show sizes in order, the default path first.
  const ordered = Object.values(result.variants).sort((a, b) => a.dedicatedTenants - b.dedicatedTenants || (a.workers === 'default' ? -1 : b.workers === 'default' ? 1 : 0));
  const rows = ordered.map((variant) => {
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
      runs: String(variant.runs),
      tenants: `${fmt(variant.dedicatedTenants)} (+${fmt(variant.sharedTenants)} shared)`,
      threads: variant.workerThreads.join('/'),
      workers: variant.workers,
    };
  });
  const table = renderTable([
    { key: 'tenants', title: 'dedicated tenants', align: 'left' },
    { key: 'workers', title: 'workers', align: 'left' },
    { key: 'threads', title: 'threads' },
    { key: 'runs', title: 'runs' },
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

  const lines = [
    title,
    `Fleet: ${result.description}.`,
    `${result.runs} measured runs per variant (+${result.warmup} warm-up, discarded), interleaved; above 1,000 tenants ${result.largeRuns} run(s) on the default path and 1 with each other variant, no warm-up.`,
    '',
    table,
    '',
  ];

  const comparisonRows = result.sizes.map((size) => {
    const ours = result.variants[`n${size}-workers-default`];
    const floor = result.floors[`n${size}`];
    const baseline = result.baselines[`n${size}`];
    return {
      tenants: fmt(size),
      charts: baseline ? fmt(baseline.charts) : '-',
      ours: fmt(ours.stats.synthWriteMs.median),
      baseline: baseline ? `${baseline.completed ? '' : '> '}${fmt(baseline.measuredMs)}` : 'not run',
      done: baseline ? `${fmt(baseline.chartsRendered)}/${fmt(baseline.charts)}` : '-',
      projected: baseline ? fmt(baseline.projectedMs / 1000, 0) : '-',
      vsBaseline: baseline ? `${baseline.completed ? '' : '≥ '}${fmt(baseline.ratio, 1)}x` : '-',
      call: baseline ? fmt(baseline.steadyCallMs) : '-',
      stringify: floor ? fmt(floor.stringifyMs.median) : 'not run',
      vsFloor: floor ? `${fmt(floor.ratio, 1)}x` : '-',
      yaml: floor ? fmt(floor.yamlMs.median) : '-',
      render: floor ? fmt(floor.renderMs) : '-',
      warm: floor?.warmRenderYamlMs ? fmt(floor.warmRenderYamlMs.median) : '-',
      warmVsFloor: floor?.warmRenderYamlMs ? `${fmt(floor.warmOverStringify, 1)}x` : '-',
    };
  });
  lines.push('Comparisons, same run (ours = synthToFolder default + commit, median):', '');
  lines.push(renderTable([
    { key: 'tenants', title: 'dedicated tenants', align: 'left' },
    { key: 'ours', title: 'ours ms' },
    { key: 'baseline', title: 'one-App baseline ms' },
    { key: 'done', title: 'charts done' },
    { key: 'projected', title: 'projected full s' },
    { key: 'vsBaseline', title: 'baseline / ours' },
    { key: 'call', title: 'ms per toJson()' },
    { key: 'stringify', title: 'JSON.stringify ms' },
    { key: 'vsFloor', title: 'ours / stringify' },
    { key: 'yaml', title: 'YAML writer alone ms' },
    { key: 'render', title: 'cdk8s build+toJson, 1 thread ms' },
    { key: 'warm', title: 'render+YAML again, warm ms' },
    { key: 'warmVsFloor', title: 'warm / stringify' },
  ], comparisonRows));
  lines.push('');
  lines.push(`Baseline cap: ${result.baselineCap}. It excludes YAML and disk, which only flatters it.`);
  lines.push('JSON.stringify and the YAML writer: the same objects, file by file, median of the passes in one process (objects built first, not timed), one such process right after each measured round; figures are medians over rounds, and "ours / stringify" is the median over rounds of our run / that round\'s floor. "cdk8s build+toJson" is the time it took to build the objects on one thread.');
  lines.push('"render+YAML again, warm": in that process, after all of that, every unit rendered and written to YAML in memory once more (median of the passes): what synth costs once the JIT is warm, without disk; ours / stringify minus this ratio is roughly what a cold process and writing add.');
  lines.push('');

  for (const step of result.scaling) {
    const check = step.to / step.from === 10 ? `; bound "10 times the tenants costs at most 12 times the time" -> ${step.verdict.toUpperCase()}` : '';
    lines.push(`Scaling ${fmt(step.from)} -> ${fmt(step.to)} tenants (${fmt(step.to / step.from, 1)}x): default ${fmt(step.ratio, 2)}x the time, --workers 1 ${fmt(step.ratioWorkers1, 2)}x${check}`);
  }
  for (const size of result.sizes) {
    const one = result.variants[`n${size}-workers-1`]?.stats.synthWriteMs.median;
    const two = result.variants[`n${size}-workers-2`]?.stats.synthWriteMs.median;
    if (one === undefined || two === undefined) continue;
    const speedup = one / two;
    lines.push(`Render threads at ${fmt(size)} tenants: median(--workers 1) / median(--workers 2) = ${fmt(speedup, 2)}x: a second render thread makes it ${speedup < 1 ? 'SLOWER' : 'faster'} on this machine`);
  }
  lines.push('threads = worker threads synthToFolder started, render workers and the writer thread (1 = rendered on the main thread); CPU/wall = process CPU time (all threads, GC and I/O pool included) / wall time during synth+write;');
  lines.push(`peak RSS = largest maxRSS of the runs; other load = median CPU used by other processes during a run, in cores (of ${os.availableParallelism()}).`);
  return lines.join('\n');
}
