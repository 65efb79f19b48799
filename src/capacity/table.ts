/** The capacity report as plain-text tables for a terminal, and as JSON for pipes. */
import { LETS_ENCRYPT_WEEKLY_LIMIT } from '../check/rules/edge.js';
import { measurePairText, type Measure, type MeasureKey, type Measures } from './measures.js';
import type { CapacityReport, GroupCapacity } from './report.js';

const COLUMNS: readonly { readonly key: MeasureKey; readonly title: string }[] = [
  { key: 'requestsCpu', title: 'CPU REQ/QUOTA' },
  { key: 'limitsCpu', title: 'CPU LIM/QUOTA' },
  { key: 'requestsMemory', title: 'MEM REQ/QUOTA' },
  { key: 'limitsMemory', title: 'MEM LIM/QUOTA' },
  { key: 'storage', title: 'STORAGE/QUOTA' },
];

/** `6100m/8000m 76.3%`, or the value alone without a quota. */
export function formatCell(measure: Measure): string {
  return `${measurePairText(measure)}${measure.percentOfQuota === null ? '' : ` ${measure.percentOfQuota}%`}`;
}

export function capacityTable(report: CapacityReport): string {
  const sections = [
    table(['NAMESPACE', 'KIND', 'TIER', ...COLUMNS.map((c) => c.title), 'FITS'], report.namespaces.map((n) => [
      n.namespace, n.kind, n.tier ?? '-', ...cells(n.measures), n.quota === null ? 'no quota' : n.fits ? 'yes' : 'NO',
    ])),
    `Per tier (dedicated tenants)\n${groupTable('TIER', report.tiers)}`,
    `Per chart kind\n${groupTable('KIND', report.kinds)}`,
    `Fleet\n${groupTable('', [report.fleet])}`,
    freeTierLine(report),
    `Certificates a first rollout requests (Let's Encrypt: ${LETS_ENCRYPT_WEEKLY_LIMIT} per registered domain per week)\n${table(
      ['DOMAIN', 'CERTIFICATES', 'WEEKS', 'HOSTS'],
      report.certificates.map((c) => [c.domain, String(c.certificates), String(c.weeks), String(c.hosts.length)]),
    )}`,
  ];
  return `${sections.join('\n\n')}\n`;
}

export function capacityJson(report: CapacityReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function cells(measures: Measures): string[] {
  return COLUMNS.map((c) => formatCell(measures[c.key]));
}

function groupTable(title: string, groups: readonly GroupCapacity[]): string {
  if (groups.length === 0) return '  (none)';
  return table([title || 'TOTAL', 'NAMESPACES', ...COLUMNS.map((c) => c.title)], groups.map((g) => [g.name, String(g.namespaces.length), ...cells(g.measures)]));
}

function freeTierLine({ freeTier }: CapacityReport): string {
  if (!freeTier.enabled) return `Free tier: disabled (${freeTier.tenants} shared tenants)`;
  const byTier = Object.entries(freeTier.tenantsByTier).map(([tier, count]) => `${count} ${tier}`).join(', ');
  const verdict = freeTier.fits ? '' : ' - OVER maxTenants: raise freeTier.maxTenants or place tenants dedicated';
  return `Free tier: ${freeTier.text} tenants (${freeTier.percent}%${byTier ? `; ${byTier}` : ''})${verdict}`;
}

/** Left-aligned columns, two spaces apart, no trailing spaces. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
