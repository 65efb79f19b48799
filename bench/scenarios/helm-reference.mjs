/**
 * Scenario "Helm reference" (issue 6, item 5, optional): what the seed 003
 * provisioning service pays, one `helm template` process per tenant.
 *
 * Runs only where a `helm` binary is on PATH (or BENCH_HELM names one);
 * otherwise it reports "skipped: no helm binary". The chart is made on the
 * spot from one rendered tenant of the fleet: its YAML, with the tenant id
 * turned into `{{ .Values.id }}` (and any literal "{{" escaped), so helm
 * renders a tenant of the same size and shape. Then `helm template` runs once
 * per tenant for BENCH_HELM_TENANTS tenants (default 20), one after the other,
 * each a whole process timed from spawn to exit; the 1,000-tenant figure is
 * projected from the median.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fleetPlatform } from '../fleet.mjs';
import { LIB_DIR, makeTempDir, removeTempDir, round, runTimed, summarize } from '../measure.mjs';
import { fmt, renderTable } from '../report.mjs';

export const id = 'helm-reference';
export const title = 'Helm reference (`helm template` of an equivalent tenant chart, one process per tenant)';

function findHelm() {
  const candidate = process.env.BENCH_HELM || 'helm';
  const probe = spawnSync(candidate, ['version', '--short'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return undefined;
  return { command: candidate, version: probe.stdout.trim() };
}

export async function run({ log }) {
  const helm = findHelm();
  if (!helm) {
    log('skipped: no helm binary');
    return { skipped: 'no helm binary', searched: process.env.BENCH_HELM || 'helm on PATH' };
  }
  const count = Number(process.env.BENCH_HELM_TENANTS || 20);
  if (!Number.isInteger(count) || count < 1) throw new Error(`BENCH_HELM_TENANTS: expected a positive integer, got ${process.env.BENCH_HELM_TENANTS}`);
  const lib = (path) => import(pathToFileURL(join(LIB_DIR, path)).href);
  const [{ definePlatform }, { renderTenant }] = await Promise.all([lib('src/platform/load.js'), lib('src/synth/render-tenant.js')]);
  const platform = definePlatform(fleetPlatform({ dedicated: count }));
  const dedicated = platform.tenants.filter((tenant) => tenant.tier === 'professional');
  const template = dedicated[0];
  const rendered = renderTenant(platform, template.id);

  const dir = await makeTempDir(`saas-charts-bench-${id}-`);
  try {
    const chart = join(dir, 'tenant');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: tenant\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), `id: ${template.id}\n`);
    const body = rendered.yaml.replaceAll('{{', '{{ "{{" }}').replaceAll(template.id, '{{ .Values.id }}');
    await writeFile(join(chart, 'templates', 'tenant.yaml'), body);

    const samples = [];
    for (let i = 0; i < count; i++) {
      const tenant = dedicated[i % dedicated.length];
      const result = await runTimed(helm.command, ['template', `tenant-${tenant.id}`, chart, '--set', `id=${tenant.id}`]);
      samples.push(round(result.ms));
      log(`helm template ${i + 1}/${count}: ${fmt(result.ms)} ms`);
    }
    const ms = summarize(samples);
    return { chartBytes: body.length, helm: helm.version, ms, objects: rendered.objects.length, projected1000Seconds: round((ms.median * 1000) / 1000, 1), samples, tenants: count };
  } finally {
    await removeTempDir(dir);
  }
}

export function report(result) {
  if (result.skipped) return `${title}\nskipped: ${result.skipped}`;
  return [
    title,
    `${result.helm}; chart: one tenant's ${result.objects} objects (${fmt(result.chartBytes / 1024, 1)} KiB of template).`,
    '',
    renderTable([
      { key: 'what', title: 'per tenant process', align: 'left' },
      { key: 'median', title: 'ms median' },
      { key: 'min', title: 'min' },
      { key: 'max', title: 'max' },
      { key: 'projected', title: '1,000 tenants, one after the other (s)' },
    ], [{ what: `helm template (${result.tenants} runs)`, median: fmt(result.ms.median), min: fmt(result.ms.min), max: fmt(result.ms.max), projected: fmt(result.projected1000Seconds, 1) }]),
  ].join('\n');
}
