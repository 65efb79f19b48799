/**
 * Scenario "applier" (issue 6, item 4): provisioning N dedicated tenants
 * (N = 10, 100) with applyPlatform against the fake API server, 5 ms of
 * injected latency on every request, fast readiness (every waited-on kind is
 * ready as soon as it is written; the applier polls every 5 ms).
 *
 * Each run is a fresh process (runners/applier.mjs) with a fresh server in a
 * worker thread. Settings, as instanceConcurrency x concurrency:
 *   8x8 and 4x8 (4 is the library's default instanceConcurrency): bounded;
 *   1x1: one object at a time.
 * The bounded settings apply everything a second time, which must write
 * nothing; the one-at-a-time setting skips the second apply (it only gives
 * the comparison time). Sizes up to 10 run BENCH_RUNS times, larger ones
 * BENCH_APPLIER_LARGE_RUNS times (default 1: one 100-tenant one-at-a-time run
 * takes about two minutes). No warm-up: every run starts cold, as a
 * provisioning job does.
 *
 * Targets: 100 tenants <= 10 s (first bounded setting, default 8x8) and >= 5x
 * faster than one object at a time; 0 writes on the second apply.
 */
import { fileURLToPath } from 'node:url';
import { BUILD_DIR, buildFakeApiServer } from '../fake-api-server.mjs';
import { intFromEnv, libArgs, round, runNode, summarizeSamples } from '../measure.mjs';
import { fmt, judge, renderTable } from '../report.mjs';

const RUNNER = fileURLToPath(new URL('../runners/applier.mjs', import.meta.url));
const LATENCY_MS = 5;
const POLL_MS = 5;
/** Per-object wait limit: everything is ready within milliseconds here, so a longer wait is stuck. */
const OBJECT_TIMEOUT_S = 30;

export const id = 'applier';
export const title = `Applier (applyPlatform, N tenants, fake API server with ${LATENCY_MS} ms latency per request)`;

function listFromEnv(name, fallback, parse) {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  return text.split(',').map((part) => parse(part.trim()));
}

function parseSetting(text) {
  const match = /^(\d+)x(\d+)$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new Error(`BENCH_APPLIER_SETTINGS: expected INSTANCESxOBJECTS such as 8x8, got ${JSON.stringify(text)}`);
  return { key: text, instanceConcurrency: Number(match[1]), concurrency: Number(match[2]), serial: match[1] === '1' && match[2] === '1' };
}

function parseSize(text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_APPLIER_SIZES: expected positive integers, got ${JSON.stringify(text)}`);
  return value;
}

export async function run({ runs, log }) {
  const sizes = listFromEnv('BENCH_APPLIER_SIZES', [10, 100], parseSize);
  const settings = listFromEnv('BENCH_APPLIER_SETTINGS', ['8x8', '4x8', '1x1'], (text) => text).map(parseSetting);
  const largeRuns = intFromEnv('BENCH_APPLIER_LARGE_RUNS', 1, 1);
  log(`building the fake API server into ${BUILD_DIR} (tsc -p bench/tsconfig.fake.json)`);
  buildFakeApiServer();

  const variants = [];
  for (const tenants of sizes) {
    for (const setting of settings) {
      variants.push({ ...setting, setting: setting.key, key: `n${tenants}-${setting.key}`, tenants, runs: tenants <= 10 ? runs : largeRuns, samples: [], failures: [] });
    }
  }
  const rounds = Math.max(...variants.map((variant) => variant.runs));
  for (let index = 0; index < rounds; index++) {
    for (const variant of variants) {
      if (index >= variant.runs) continue;
      const args = [
        '--tenants', String(variant.tenants), '--instance-concurrency', String(variant.instanceConcurrency), '--concurrency', String(variant.concurrency),
        '--latency-ms', String(LATENCY_MS), '--poll-ms', String(POLL_MS), '--object-timeout-s', String(OBJECT_TIMEOUT_S), '--build', BUILD_DIR,
      ];
      args.push(...libArgs());
      if (variant.serial) args.push('--no-second');
      const sample = await runNode(RUNNER, args, { timeoutMs: 20 * 60_000 });
      if (sample.error) {
        log(`run ${index + 1}/${variant.runs}  n=${variant.tenants}  ${variant.setting}: FAILED after ${fmt(sample.failedAfterMs)} ms: ${sample.error}`);
        variant.failures.push({ error: sample.error, failedAfterMs: round(sample.failedAfterMs), requests: sample.requests });
        continue;
      }
      log(`run ${index + 1}/${variant.runs}  n=${variant.tenants}  ${variant.setting}: first apply ${fmt(sample.applyMs)} ms, ${fmt(sample.requests)} requests, ${fmt(sample.writes)} writes${sample.secondApplyMs === undefined ? '' : `; second ${fmt(sample.secondApplyMs)} ms, ${fmt(sample.secondWrites)} writes`}; server busy ${fmt((100 * sample.serverBusyMs) / sample.applyMs)}%`);
      variant.samples.push(sample);
    }
  }
  return summarize(sizes, settings, variants, largeRuns, runs);
}

function summarize(sizes, settings, variants, largeRuns, runs) {
  const results = {};
  for (const variant of variants) {
    const samples = variant.samples.map((sample) => Object.fromEntries(Object.entries(sample).map(([key, value]) => [key, typeof value === 'number' ? round(value) : value])));
    results[variant.key] = {
      concurrency: variant.concurrency,
      failures: variant.failures,
      instanceConcurrency: variant.instanceConcurrency,
      runs: variant.runs,
      samples,
      serial: variant.serial,
      // Over the runs that completed; undefined when none did.
      stats: samples.length > 0 ? summarizeSamples(samples) : undefined,
      tenants: variant.tenants,
    };
  }
  const bounded = settings.find((setting) => !setting.serial);
  const serial = settings.find((setting) => setting.serial);
  const speedup = {};
  const medianMs = (key) => results[key].stats?.applyMs.median ?? Number.NaN;
  for (const tenants of sizes) {
    if (!serial) break;
    for (const setting of settings.filter((s) => !s.serial)) {
      speedup[`n${tenants}-${setting.key}`] = round(medianMs(`n${tenants}-${serial.key}`) / medianMs(`n${tenants}-${setting.key}`), 2);
    }
  }
  const failedNote = (result) => `failed: ${result.failures.length} of ${result.runs} run(s) failed (${result.failures[0]?.error.split(' (')[0]})`;
  const seconds = variants.filter((variant) => !variant.serial).flatMap((variant) => variant.samples.map((sample) => sample.secondWrites));
  const failed = variants.flatMap((variant) => variant.failures.map((failure) => ({ variant: variant.key, ...failure })));
  const targets = [];
  const large = sizes.includes(100) ? 100 : undefined;
  if (large && bounded) {
    const result = results[`n${large}-${bounded.key}`];
    const failures = (r) => (r.failures.length > 0 ? `; ${r.failures.length} of ${r.runs} run(s) failed: ${r.failures[0].error}` : '');
    targets.push(judge({
      id: 'applier-100-wall', title: `Applier, 100 tenants at ${LATENCY_MS} ms latency (${bounded.key})`, value: medianMs(`n${large}-${bounded.key}`) / 1000, bound: 10, op: '<=', unit: 's', digits: 1,
      note: result.stats ? undefined : failedNote(result), failed: !result.stats,
      basis: result.stats
        ? `first apply, median of ${result.samples.length} completed run(s), rendering included; ${fmt(result.stats.requests.median)} requests; the fake API server's thread was busy ${fmt((100 * result.stats.serverBusyMs.median) / result.stats.applyMs.median)}% of the wall time, the applier's ${fmt((100 * result.stats.clientBusyMs.median) / result.stats.applyMs.median)}%${failures(result)}`
        : failures(result).slice(2),
    }));
    if (serial) {
      const one = results[`n${large}-${serial.key}`];
      const value = speedup[`n${large}-${bounded.key}`];
      targets.push(judge({
        id: 'applier-100-speedup', title: `Applier, 100 tenants: bounded (${bounded.key}) vs one object at a time`, value, bound: 5, op: '>=', unit: 'x faster', digits: 1,
        note: one.stats ? (result.stats ? undefined : failedNote(result)) : `one at a time ${failedNote(one)}`, failed: !one.stats || !result.stats,
        basis: one.stats && result.stats
          ? `${fmt(one.stats.applyMs.median)} ms one at a time / ${fmt(result.stats.applyMs.median)} ms bounded, medians of ${one.samples.length} and ${result.samples.length} completed run(s)${failures(one)}`
          : `not measured${failures(one)}${failures(result)}`,
      }));
    }
  }
  if (seconds.length > 0) {
    targets.push(judge({
      id: 'applier-second-writes', title: 'Applier, writes on a second apply', value: Math.max(...seconds), bound: 0, op: '<=', unit: 'writes', digits: 0,
      basis: `largest count over ${seconds.length} second applies (every bounded run, N = ${sizes.join(' and ')})`,
    }));
  }
  return {
    description: `applyPlatform(client, platform, { only: the N dedicated tenants, instanceConcurrency, concurrency, pollIntervalMs: ${POLL_MS} }) against the fake API server in a worker thread of the same process, ${LATENCY_MS} ms of latency on every request, autoAdvance afterMs 0 for every kind the applier waits on; tenants of the fleet generator (70% professional, 20% enterprise, 10% dedicated demo)`,
    failed,
    largeRuns,
    objectTimeoutSeconds: OBJECT_TIMEOUT_S,
    latencyMs: LATENCY_MS,
    pollIntervalMs: POLL_MS,
    runs,
    sizes,
    speedup,
    targets,
    variants: results,
  };
}

export function report(result) {
  // results.json sorts keys; show sizes in order, one-at-a-time last, more concurrency first.
  const ordered = Object.values(result.variants).sort((a, b) => a.tenants - b.tenants || Number(a.serial) - Number(b.serial) || b.instanceConcurrency - a.instanceConcurrency || b.concurrency - a.concurrency);
  const rows = ordered.map((variant) => {
    const { stats } = variant;
    const key = `n${variant.tenants}-${variant.instanceConcurrency}x${variant.concurrency}`;
    const runs = variant.failures.length > 0 ? `${variant.samples.length} ok, ${variant.failures.length} failed` : String(variant.runs);
    const base = {
      tenants: fmt(variant.tenants),
      setting: variant.serial ? '1x1 (one at a time)' : `${variant.instanceConcurrency}x${variant.concurrency}`,
      runs,
    };
    if (!stats) return { ...base, median: 'failed', min: '-', max: '-', requests: '-', writes: '-', perTenant: '-', server: '-', client: '-', speedup: '-', second: '-', secondRequests: '-', secondWrites: '-', rss: '-' };
    return {
      ...base,
      median: fmt(stats.applyMs.median),
      min: fmt(stats.applyMs.min),
      max: fmt(stats.applyMs.max),
      requests: fmt(stats.requests.median),
      writes: fmt(stats.writes.median),
      perTenant: fmt(stats.requests.median / variant.tenants),
      server: `${fmt((100 * stats.serverBusyMs.median) / stats.applyMs.median)}%`,
      client: `${fmt((100 * stats.clientBusyMs.median) / stats.applyMs.median)}%`,
      speedup: result.speedup[key] === undefined || !Number.isFinite(result.speedup[key]) ? '-' : `${fmt(result.speedup[key], 1)}x`,
      second: stats.secondApplyMs ? fmt(stats.secondApplyMs.median) : 'skipped',
      secondRequests: stats.secondRequests ? fmt(stats.secondRequests.median) : '-',
      secondWrites: stats.secondWrites ? fmt(stats.secondWrites.max) : '-',
      rss: fmt(stats.maxRssMiB.max),
    };
  });
  const failures = result.failed.map((failure) => `- ${failure.variant} failed after ${fmt(failure.failedAfterMs)} ms (${fmt(failure.requests)} requests): ${failure.error}`);
  return [
    title,
    `${result.description}.`,
    `Sizes up to 10 tenants: ${result.runs} run(s) per setting; larger: ${result.largeRuns}. setting = instanceConcurrency x concurrency.`,
    '',
    renderTable([
      { key: 'tenants', title: 'tenants', align: 'left' },
      { key: 'setting', title: 'setting', align: 'left' },
      { key: 'runs', title: 'runs' },
      { key: 'median', title: 'first apply ms median' },
      { key: 'min', title: 'min' },
      { key: 'max', title: 'max' },
      { key: 'requests', title: 'requests' },
      { key: 'perTenant', title: 'requests/tenant' },
      { key: 'writes', title: 'writes' },
      { key: 'speedup', title: 'vs one at a time' },
      { key: 'server', title: 'server thread busy' },
      { key: 'client', title: 'applier thread busy' },
      { key: 'second', title: 'second apply ms' },
      { key: 'secondRequests', title: 'second requests' },
      { key: 'secondWrites', title: 'second writes (max)' },
      { key: 'rss', title: 'peak RSS MiB' },
    ], rows),
    '',
    'busy = event-loop utilization of that thread during the first apply (the applier and the fake API server each run in their own thread of one process); peak RSS covers both.',
    `A wait is given up after ${result.objectTimeoutSeconds} s per object (every object here is ready within milliseconds, so such a wait is stuck, not slow); a failed run is listed, not retried, and left out of the figures.`,
    ...(failures.length > 0 ? ['', 'Failed runs:', ...failures] : []),
  ].join('\n');
}
