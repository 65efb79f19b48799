/**
 * Horizontal bar charts as inline SVG: one row per namespace (or tier, or
 * kind), the value as a filled bar over its quota as an outline. Every row
 * carries its numbers as text and as data attributes, so people read them
 * and tests can check them in a rendered page.
 */
import { measurePairText, type Measure, type MeasureKey } from './measures.js';

export interface BarRow {
  readonly label: string;
  readonly measure: Measure;
  /** Attributes naming the row, written as `data-{key}`, e.g. `{ namespace: 'tenant-acme' }`. */
  readonly data: Readonly<Record<string, string>>;
}

export interface BarChart {
  /** The chart's `id` attribute. */
  readonly id: string;
  readonly title: string;
  readonly measure: ChartMeasure;
  readonly rows: readonly BarRow[];
}

/** A measure of a namespace, or the free tier's tenants against maxTenants. */
export type ChartMeasure = MeasureKey | 'tenants';

/** The specific attribute names of a measure, e.g. `cpu-requests-millicores` and `cpu-requests-quota-millicores`. */
export const MEASURE_ATTRIBUTES: Readonly<Record<ChartMeasure, { readonly value: string; readonly quota: string; readonly label: string }>> = {
  requestsCpu: { value: 'cpu-requests-millicores', quota: 'cpu-requests-quota-millicores', label: 'CPU requests' },
  limitsCpu: { value: 'cpu-limits-millicores', quota: 'cpu-limits-quota-millicores', label: 'CPU limits' },
  requestsMemory: { value: 'memory-requests-bytes', quota: 'memory-requests-quota-bytes', label: 'memory requests' },
  limitsMemory: { value: 'memory-limits-bytes', quota: 'memory-limits-quota-bytes', label: 'memory limits' },
  storage: { value: 'storage-requests-bytes', quota: 'storage-requests-quota-bytes', label: 'storage' },
  pods: { value: 'pods-count', quota: 'pods-quota-count', label: 'pods' },
  tenants: { value: 'tenants-count', quota: 'tenants-max-count', label: 'tenants' },
};

const WIDTH = 820;
const LABEL_WIDTH = 210;
const BAR_WIDTH = 360;
const ROW_HEIGHT = 26;
const TOP = 30;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** `6100m of 8000m (76.3%)`, or the value alone without a quota. */
export function figureText(measure: Measure): string {
  if (measure.quota === null) return `${measure.text} (no quota)`;
  return `${measurePairText(measure, ' of ')}${measure.percentOfQuota === null ? '' : ` (${measure.percentOfQuota}%)`}`;
}

export function barChartSvg(chart: BarChart): string {
  const scale = Math.max(1, ...chart.rows.map((row) => Math.max(row.measure.value, row.measure.quota ?? 0)));
  const width = (value: number) => round((value / scale) * BAR_WIDTH);
  const height = TOP + chart.rows.length * ROW_HEIGHT + 8;
  const attributes = MEASURE_ATTRIBUTES[chart.measure];
  const rows = chart.rows.map((row, index) => {
    const { measure } = row;
    const y = TOP + index * ROW_HEIGHT;
    const data = [
      ...Object.entries(row.data).map(([key, value]) => attribute(`data-${key}`, value)),
      attribute('data-measure', chart.measure),
      attribute('data-unit', measure.unit),
      attribute('data-value', String(measure.value)),
      attribute('data-quota', measure.quota === null ? '' : String(measure.quota)),
      attribute('data-percent', measure.percentOfQuota === null ? '' : String(measure.percentOfQuota)),
      attribute('data-fits', String(measure.fits)),
      attribute(`data-${attributes.value}`, String(measure.value)),
      ...(measure.quota === null ? [] : [attribute(`data-${attributes.quota}`, String(measure.quota))]),
    ].join(' ');
    const quotaBar = measure.quota === null ? '' : `<rect class="quota" x="${LABEL_WIDTH}" y="${y + 3}" width="${width(measure.quota)}" height="${ROW_HEIGHT - 8}"/>`;
    return [
      `<g class="bar${measure.fits ? '' : ' over'}" ${data}>`,
      `<title>${escapeXml(`${row.label}: ${attributes.label} ${figureText(measure)}`)}</title>`,
      `<text class="label" x="${LABEL_WIDTH - 8}" y="${y + ROW_HEIGHT / 2 + 4}" text-anchor="end">${escapeXml(row.label)}</text>`,
      quotaBar,
      `<rect class="value" x="${LABEL_WIDTH}" y="${y + 6}" width="${width(measure.value)}" height="${ROW_HEIGHT - 14}"/>`,
      `<text class="figure" x="${LABEL_WIDTH + BAR_WIDTH + 10}" y="${y + ROW_HEIGHT / 2 + 4}">${escapeXml(figureText(measure))}</text>`,
      '</g>',
    ].join('');
  });
  return [
    `<svg class="chart" id="${escapeXml(chart.id)}" data-measure="${chart.measure}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeXml(chart.title)}">`,
    `<text class="chart-title" x="0" y="18">${escapeXml(chart.title)}</text>`,
    ...rows,
    '</svg>',
  ].join('\n');
}

function attribute(name: string, value: string): string {
  return `${name}="${escapeXml(value)}"`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
