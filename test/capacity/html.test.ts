import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { capacityHtml } from '../../src/capacity/html.js';
import type { Measure } from '../../src/capacity/measures.js';
import { capacityReport, type CapacityReport } from '../../src/capacity/report.js';
import { capacityJson } from '../../src/capacity/table.js';
import { defaultPlatform } from '../support/fleet.js';

const CHROMIUM = '/usr/bin/chromium';
const root = mkdtempSync(join(tmpdir(), 'saas-charts-capacity-html-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const report = capacityReport(defaultPlatform());
const html = capacityHtml(report, { source: 'platform.yaml' });
/** What `--output json` prints, read back: the HTML must carry the same numbers. */
const json = JSON.parse(capacityJson(report)) as CapacityReport;

/** Headless Chromium, offline, with a profile of its own; returns the DOM after load. */
function dumpDom(file: string): string {
  const profile = mkdtempSync(join(root, 'profile-'));
  const run = spawnSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--dump-dom', pathToFileURL(file).href,
  ], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: profile } });
  if (run.status !== 0) throw new Error(`chromium exited with ${run.status ?? run.signal}: ${run.stderr}`);
  return run.stdout;
}

interface Bar {
  readonly attributes: Record<string, string>;
  readonly title: string;
  readonly figure: string;
}

/** Every bar of one chart, as Chromium serialized it. */
function barsOf(dom: string, chartId: string): Bar[] {
  const chart = new RegExp(`<svg[^>]*id="${chartId}"[^>]*>([\\s\\S]*?)</svg>`).exec(dom);
  if (!chart) throw new Error(`no chart #${chartId} in the rendered DOM`);
  return [...chart[1].matchAll(/<g class="bar[^"]*"([^>]*)>([\s\S]*?)<\/g>/g)].map(([, attributes, inner]) => ({
    attributes: Object.fromEntries([...attributes.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, name, value]) => [name, value])),
    title: /<title>([^<]*)<\/title>/.exec(inner)?.[1] ?? '',
    figure: /<text class="figure"[^>]*>([^<]*)<\/text>/.exec(inner)?.[1] ?? '',
  }));
}

const numbers = (measure: Measure) => ({ value: String(measure.value), quota: measure.quota === null ? '' : String(measure.quota) });

describe('the HTML capacity report', () => {
  it('is self-contained: no scripts, no links, nothing fetched', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|\bsrc=|\bhref=|:\/\//i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  });

  it.skipIf(!existsSync(CHROMIUM))('renders in headless Chromium with the numbers of --output json (skipped only when chromium is not installed; .ci/run installs it)', () => {
    const file = join(root, 'report.html');
    writeFileSync(file, html);
    const dom = dumpDom(file);

    for (const [chart, key, attribute] of [
      ['namespaces-requestsCpu', 'requestsCpu', 'cpu-requests-millicores'],
      ['namespaces-requestsMemory', 'requestsMemory', 'memory-requests-bytes'],
      ['namespaces-storage', 'storage', 'storage-requests-bytes'],
    ] as const) {
      const bars = barsOf(dom, chart);
      expect(bars.map((bar) => bar.attributes['data-namespace']), chart).toEqual(json.namespaces.map((n) => n.namespace));
      json.namespaces.forEach((namespace, index) => {
        const { attributes } = bars[index];
        const expected = numbers(namespace.measures[key]);
        expect({ value: attributes['data-value'], quota: attributes['data-quota'] }, `${chart} ${namespace.namespace}`).toEqual(expected);
        expect(attributes[`data-${attribute}`]).toBe(expected.value);
      });
    }

    const freeTierCpu = barsOf(dom, 'namespaces-requestsCpu').find((bar) => bar.attributes['data-namespace'] === 'mechanicbuddy-free-tier')!;
    expect(freeTierCpu.attributes).toMatchObject({ 'data-cpu-requests-millicores': '16500', 'data-cpu-requests-quota-millicores': '16500', 'data-percent': '100' });
    expect(freeTierCpu.figure).toBe('16500m of 16500m (100%)');
    expect(freeTierCpu.title).toBe('mechanicbuddy-free-tier: CPU requests 16500m of 16500m (100%)');

    for (const key of ['requestsCpu', 'requestsMemory'] as const) {
      const tierBars = barsOf(dom, `tiers-${key}`);
      expect(tierBars.map((bar) => [bar.attributes['data-tier'], bar.attributes['data-value'], bar.attributes['data-quota']])).toEqual(
        json.tiers.map((tier) => [tier.name, ...Object.values(numbers(tier.measures[key]))]),
      );
      const kindBars = barsOf(dom, `kinds-${key}`);
      expect(kindBars.map((bar) => [bar.attributes['data-kind'], bar.attributes['data-value']])).toEqual(json.kinds.map((kind) => [kind.name, String(kind.measures[key].value)]));
    }
    expect(barsOf(dom, 'tiers-requestsCpu').map((bar) => bar.figure)).toEqual(['700m of 700m (100%)', '12200m of 12210m (99.9%)', '16100m of 16100m (100%)']);

    const [freeTier] = barsOf(dom, 'free-tier-tenants');
    expect(freeTier.attributes).toMatchObject({ 'data-tenants-count': String(json.freeTier.tenants), 'data-tenants-max-count': String(json.freeTier.maxTenants) });
    expect(freeTier.figure).toBe('3 of 100 (3%)');
    for (const certificate of json.certificates) {
      expect(dom).toContain(`data-domain="${certificate.domain}" data-certificates="${certificate.certificates}" data-weeks="${certificate.weeks}"`);
    }
  });

  it.skipIf(!existsSync(CHROMIUM))('lays the bars out in proportion to their numbers (measured in Chromium)', () => {
    // A copy that measures itself: the report forbids scripts, so the probe drops that one meta tag.
    const probe = `<script>
      for (const chart of document.querySelectorAll('svg.chart')) {
        for (const bar of chart.querySelectorAll('g.bar')) {
          const width = (selector) => { const rect = bar.querySelector(selector); return rect ? rect.getBoundingClientRect().width.toFixed(1) : ''; };
          bar.setAttribute('data-rendered-value-width', width('rect.value'));
          bar.setAttribute('data-rendered-quota-width', width('rect.quota'));
        }
      }
    </script>`;
    const file = join(root, 'measured.html');
    writeFileSync(file, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</body>', `${probe}</body>`));
    const bars = barsOf(dumpDom(file), 'namespaces-requestsCpu');
    expect(bars).toHaveLength(json.namespaces.length);
    const widest = Math.max(...bars.map((bar) => Number(bar.attributes['data-rendered-quota-width'] || bar.attributes['data-rendered-value-width'])));
    expect(widest).toBeGreaterThan(100);
    const scale = Math.max(...json.namespaces.map((n) => Math.max(n.measures.requestsCpu.value, n.measures.requestsCpu.quota ?? 0)));
    for (const bar of bars) {
      const value = Number(bar.attributes['data-value']);
      expect(Number(bar.attributes['data-rendered-value-width']), bar.attributes['data-namespace']).toBeCloseTo((value / scale) * widest, 0);
      if (value > 0) expect(Number(bar.attributes['data-rendered-value-width'])).toBeGreaterThan(0);
    }
  });
});
