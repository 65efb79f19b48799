/**
 * Scenario "tenant render" (issue 6, item 2): the management-API use. A
 * long-lived process renders one tenant to objects + YAML in memory with
 * renderTenant(platform, id), over and over; warm p50 and p95.
 *
 * Each run is a fresh process (runners/render.mjs) holding the 1,000-tenant
 * fleet of the fleet-synth scenario (bricks and IoT customers included); it
 * renders its dedicated tenants in turn, BENCH_RENDER_WARMUP renders first
 * (discarded), then BENCH_RENDERS timed ones (default 1,000). The
 * percentiles are over every timed render of every run; the per-run p50 and
 * p95 give the spread. Target: p50 <= 5 ms.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BRICKS, DEFAULT_CUSTOMERS, fleetPlatform } from '../fleet.mjs';
import { intFromEnv, libArgs, makeTempDir, percentile, removeTempDir, round, runNode, summarize } from '../measure.mjs';
import { fmt, judge, renderTable } from '../report.mjs';

const RUNNER = fileURLToPath(new URL('../runners/render.mjs', import.meta.url));
const FLEET = 1000;

export const id = 'tenant-render';
export const title = 'In-process tenant render (renderTenant: one dedicated tenant -> objects + YAML, warm)';

export async function run({ runs, log }) {
  const renders = intFromEnv('BENCH_RENDERS', 1000, 1);
  const warmupRenders = intFromEnv('BENCH_RENDER_WARMUP', 200, 1);
  const dir = await makeTempDir(`saas-charts-bench-${id}-`);
  try {
    const platformFile = join(dir, 'fleet.json');
    await writeFile(platformFile, JSON.stringify(fleetPlatform({ dedicated: FLEET, bricks: DEFAULT_BRICKS, customers: DEFAULT_CUSTOMERS })));
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const sample = await runNode(RUNNER, ['--platform', platformFile, '--renders', String(renders), '--warmup', String(warmupRenders), ...libArgs()]);
      log(`run ${i + 1}/${runs}: p50 ${fmt(percentile(sample.times, 50), 2)} ms  p95 ${fmt(percentile(sample.times, 95), 2)} ms  first render ${fmt(sample.firstRenderMs, 1)} ms  other load ${fmt(sample.otherCores, 2)} cores`);
      samples.push(sample);
    }
    const all = samples.flatMap((sample) => sample.times);
    const perRun = samples.map((sample) => ({
      firstRenderMs: round(sample.firstRenderMs),
      importMs: round(sample.importMs),
      max: round(Math.max(...sample.times), 3),
      maxRssMiB: round(sample.maxRssMiB),
      mean: round(sample.loopMs / sample.renders, 3),
      otherCores: round(sample.otherCores),
      p50: round(percentile(sample.times, 50), 3),
      p95: round(percentile(sample.times, 95), 3),
      p99: round(percentile(sample.times, 99), 3),
      processMs: round(sample.processMs),
      renders: sample.renders,
    }));
    const pooled = summarize(all, { percentiles: [95, 99] });
    const result = {
      dedicatedTenants: samples[0].dedicatedTenants,
      description: `renderTenant over the ${fmt(samples[0].dedicatedTenants)} dedicated tenants of the ${fmt(FLEET)}-tenant fleet, in turn; ${warmupRenders} warm-up renders per process, then ${renders} timed`,
      meanBytes: round(samples[0].meanBytes, 0),
      meanObjects: round(samples[0].meanObjects, 1),
      perRun,
      pooled: Object.fromEntries(Object.entries(pooled).map(([key, value]) => [key, round(value, 3)])),
      renders,
      runs,
      spread: {
        p50: summarize(perRun.map((r) => r.p50)),
        p95: summarize(perRun.map((r) => r.p95)),
        firstRenderMs: summarize(perRun.map((r) => r.firstRenderMs)),
      },
      warmupRenders,
    };
    result.targets = [judge({
      id: 'render-p50', title: 'In-process tenant render, warm p50', value: result.pooled.median, bound: 5, op: '<=', unit: 'ms', digits: 2,
      basis: `p50 of ${fmt(all.length)} timed renders in ${runs} process(es) (per-process p50 ${fmt(result.spread.p50.min, 2)}-${fmt(result.spread.p50.max, 2)} ms); p95 ${fmt(result.pooled.p95, 2)} ms`,
    })];
    return result;
  } finally {
    await removeTempDir(dir);
  }
}

export function report(result) {
  const rows = result.perRun.map((r, i) => ({
    run: String(i + 1),
    renders: fmt(r.renders),
    p50: fmt(r.p50, 2),
    p95: fmt(r.p95, 2),
    p99: fmt(r.p99, 2),
    max: fmt(r.max, 1),
    mean: fmt(r.mean, 2),
    first: fmt(r.firstRenderMs, 1),
    rss: fmt(r.maxRssMiB),
    other: fmt(r.otherCores, 2),
  }));
  rows.push({
    run: 'all',
    renders: fmt(result.pooled.n),
    p50: fmt(result.pooled.median, 2),
    p95: fmt(result.pooled.p95, 2),
    p99: fmt(result.pooled.p99, 2),
    max: fmt(result.pooled.max, 1),
    mean: '',
    first: `${fmt(result.spread.firstRenderMs.median, 1)} (median)`,
    rss: '',
    other: '',
  });
  return [
    title,
    `${result.description}; about ${fmt(result.meanObjects, 1)} objects and ${fmt(result.meanBytes / 1024, 1)} KiB of YAML per tenant.`,
    '',
    renderTable([
      { key: 'run', title: 'process', align: 'left' },
      { key: 'renders', title: 'timed renders' },
      { key: 'p50', title: 'p50 ms' },
      { key: 'p95', title: 'p95 ms' },
      { key: 'p99', title: 'p99 ms' },
      { key: 'max', title: 'max ms' },
      { key: 'mean', title: 'mean ms' },
      { key: 'first', title: 'first (cold) render ms' },
      { key: 'rss', title: 'peak RSS MiB' },
      { key: 'other', title: 'other load (cores)' },
    ], rows),
  ].join('\n');
}
