/**
 * The capacity report as one self-contained HTML file: inline CSS and SVG,
 * no scripts, no fonts, no links; a Content-Security-Policy forbids loading
 * anything, so the page opens the same offline.
 */
import { measure, type MeasureKey } from './measures.js';
import type { CapacityReport, GroupCapacity } from './report.js';
import { barChartSvg, escapeXml, figureText } from './svg.js';

export interface HtmlOptions {
  /** Where the numbers come from, shown under the heading, e.g. `platform.yaml`. @default - not shown */
  readonly source?: string;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2328; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
svg.chart { display: block; margin: 0.5rem 0 1.5rem; font-size: 12px; }
svg .chart-title { font-weight: 600; font-size: 13px; }
svg rect.quota { fill: #eef2f6; stroke: #8c959f; }
svg rect.value { fill: #2f81f7; }
svg g.over rect.value { fill: #cf222e; }
table { border-collapse: collapse; font-size: 12px; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; }
td.over { color: #cf222e; font-weight: 600; }
`;

export function capacityHtml(report: CapacityReport, options: HtmlOptions = {}): string {
  const body = [
    '<h1>saas-charts capacity</h1>',
    options.source ? `<p class="source">Platform: ${escapeXml(options.source)}. Values are what each namespace needs at its maximum (HPA maxReplicas and rolling-update surge included).</p>` : '',
    '<h2>Namespaces</h2>',
    namespaceChart(report, 'requestsCpu', 'CPU requests vs quota per namespace'),
    namespaceChart(report, 'requestsMemory', 'Memory requests vs quota per namespace'),
    namespaceChart(report, 'storage', 'Storage vs quota per namespace'),
    namespaceTable(report),
    '<h2>Per tier (dedicated tenants)</h2>',
    groupChart('tier', report.tiers, 'requestsCpu', 'CPU requests per tier'),
    groupChart('tier', report.tiers, 'requestsMemory', 'Memory requests per tier'),
    '<h2>Per chart kind</h2>',
    groupChart('kind', report.kinds, 'requestsCpu', 'CPU requests per chart kind'),
    groupChart('kind', report.kinds, 'requestsMemory', 'Memory requests per chart kind'),
    '<h2>Free tier</h2>',
    freeTierSection(report),
    '<h2>Certificates per registered domain</h2>',
    certificateTable(report),
  ].filter((part) => part !== '');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>saas-charts capacity</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function namespaceChart(report: CapacityReport, key: MeasureKey, title: string): string {
  return barChartSvg({
    id: `namespaces-${key}`,
    title,
    measure: key,
    rows: report.namespaces.map((n) => ({ label: n.namespace, measure: n.measures[key], data: { namespace: n.namespace, kind: n.kind } })),
  });
}

function groupChart(attribute: 'tier' | 'kind', groups: readonly GroupCapacity[], key: MeasureKey, title: string): string {
  if (groups.length === 0) return '<p>None.</p>';
  return barChartSvg({
    id: `${attribute}s-${key}`,
    title,
    measure: key,
    rows: groups.map((g) => ({ label: `${g.name} (${g.namespaces.length})`, measure: g.measures[key], data: { [attribute]: g.name, namespaces: String(g.namespaces.length) } })),
  });
}

function namespaceTable(report: CapacityReport): string {
  const keys: readonly [MeasureKey, string][] = [
    ['requestsCpu', 'CPU requests'], ['limitsCpu', 'CPU limits'], ['requestsMemory', 'Memory requests'],
    ['limitsMemory', 'Memory limits'], ['storage', 'Storage'], ['pods', 'Pods'],
  ];
  const header = `<tr><th>Namespace</th><th>Kind</th><th>Tier</th>${keys.map(([, title]) => `<th>${title}</th>`).join('')}</tr>`;
  const rows = report.namespaces.map((n) => `<tr data-namespace="${escapeXml(n.namespace)}"><td>${escapeXml(n.namespace)}</td><td>${n.kind}</td><td>${escapeXml(n.tier ?? '-')}</td>${
    keys.map(([key]) => `<td${n.measures[key].fits ? '' : ' class="over"'}>${escapeXml(figureText(n.measures[key]))}</td>`).join('')}</tr>`);
  return `<table class="namespaces">${header}${rows.join('')}</table>`;
}

function freeTierSection({ freeTier }: CapacityReport): string {
  const byTier = Object.entries(freeTier.tenantsByTier).map(([tier, count]) => `${count} ${escapeXml(tier)}`).join(', ');
  const chart = barChartSvg({
    id: 'free-tier-tenants',
    title: 'Shared free tier tenants vs maxTenants',
    measure: 'tenants',
    rows: [{ label: 'shared tenants', measure: measure('count', freeTier.tenants, freeTier.maxTenants), data: { tier: 'free-tier' } }],
  });
  return `<p class="free-tier">${freeTier.enabled ? '' : 'Disabled. '}${freeTier.text} tenants (${freeTier.percent}%)${byTier ? `: ${byTier}` : ''}.</p>\n${chart}`;
}

function certificateTable(report: CapacityReport): string {
  if (report.certificates.length === 0) return '<p>No certificates.</p>';
  const header = '<tr><th>Domain</th><th>Certificates</th><th>Weekly limit</th><th>Weeks</th><th>Hosts</th></tr>';
  const rows = report.certificates.map((c) => `<tr data-domain="${escapeXml(c.domain)}" data-certificates="${c.certificates}" data-weeks="${c.weeks}"><td>${escapeXml(c.domain)}</td><td${c.withinLimit ? '' : ' class="over"'}>${c.certificates}</td><td>${c.weeklyLimit}</td><td>${c.weeks}</td><td>${escapeXml(c.hosts.join(', '))}</td></tr>`);
  return `<table class="certificates">${header}${rows.join('')}</table>`;
}
