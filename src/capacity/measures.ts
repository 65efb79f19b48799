/**
 * One measure of capacity (CPU requests, memory limits, storage...) against
 * its ResourceQuota entry: the number in base units and the text people write.
 */
import { bytes, cpuMillis, formatBytes, formatCpu, parseQuantity, type Footprint } from '../../constructs/index.js';

export const MEASURE_KEYS = ['requestsCpu', 'limitsCpu', 'requestsMemory', 'limitsMemory', 'storage', 'pods'] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];

/** CPU in millicores, memory and storage in bytes, pods as a count. */
export type MeasureUnit = 'millicores' | 'bytes' | 'count';

export interface Measure {
  readonly unit: MeasureUnit;
  /** What the objects need at their maximum (HPA maxReplicas and rolling-update surge included). */
  readonly value: number;
  /** `value` as a Kubernetes quantity, e.g. `6100m`, `12416Mi`. */
  readonly text: string;
  /** The quota's `spec.hard` entry for this measure; null when the quota sets none (or there is no quota). */
  readonly quota: number | null;
  readonly quotaText: string | null;
  /** value / quota in percent, one decimal; null without a quota or when the quota is 0. */
  readonly percentOfQuota: number | null;
  /** false only when a quota is set and the value exceeds it. */
  readonly fits: boolean;
}

export type Measures = Readonly<Record<MeasureKey, Measure>>;

interface MeasureDefinition {
  readonly unit: MeasureUnit;
  /** Quota keys that bound this measure, the first found wins (`cpu` and `memory` are aliases of `requests.*`). */
  readonly quotaKeys: readonly string[];
  readonly fromFootprint: (footprint: Footprint) => number;
}

export const MEASURES: Readonly<Record<MeasureKey, MeasureDefinition>> = {
  requestsCpu: { unit: 'millicores', quotaKeys: ['requests.cpu', 'cpu'], fromFootprint: (f) => f.requestsCpu },
  limitsCpu: { unit: 'millicores', quotaKeys: ['limits.cpu'], fromFootprint: (f) => f.limitsCpu },
  requestsMemory: { unit: 'bytes', quotaKeys: ['requests.memory', 'memory'], fromFootprint: (f) => f.requestsMemory },
  limitsMemory: { unit: 'bytes', quotaKeys: ['limits.memory'], fromFootprint: (f) => f.limitsMemory },
  storage: { unit: 'bytes', quotaKeys: ['requests.storage'], fromFootprint: (f) => f.storage },
  pods: { unit: 'count', quotaKeys: ['pods', 'count/pods'], fromFootprint: (f) => f.pods },
};

const MEBIBYTE = 2 ** 20;

/** A number in its unit as a Kubernetes quantity; bytes that are not whole KiB round up to MiB, as quotas do. */
export function formatMeasure(unit: MeasureUnit, value: number): string {
  if (unit === 'millicores') return formatCpu(value);
  if (unit === 'count') return String(value);
  return formatBytes(value % 1024 === 0 ? value : Math.ceil(value / MEBIBYTE) * MEBIBYTE);
}

/** A value and its quota in one unit, so `25100m/25` reads `25100m/25000m` and `2Gi/2112Mi` reads `2048Mi/2112Mi`. */
export function formatPair(unit: MeasureUnit, value: number, quota: number): readonly [string, string] {
  if (unit === 'count') return [String(value), String(quota)];
  if (unit === 'millicores') {
    return value % 1000 === 0 && quota % 1000 === 0 ? [String(value / 1000), String(quota / 1000)] : [`${value}m`, `${quota}m`];
  }
  const divisor = BINARY_UNITS.find(([, factor]) => value % factor === 0 && quota % factor === 0 && Math.max(value, quota) >= factor);
  if (divisor) return [`${value / divisor[1]}${divisor[0]}`, `${quota / divisor[1]}${divisor[0]}`];
  return [formatMeasure(unit, value), formatMeasure(unit, quota)];
}

const BINARY_UNITS: readonly (readonly [string, number])[] = [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];

/** `value/quota` in one unit, or the value alone without a quota. */
export function measurePairText(measure: Measure, separator = '/'): string {
  if (measure.quota === null) return measure.text;
  const [value, quota] = formatPair(measure.unit, measure.value, measure.quota);
  return `${value}${separator}${quota}`;
}

function parseMeasure(unit: MeasureUnit, quantity: string): number {
  if (unit === 'millicores') return cpuMillis(quantity);
  if (unit === 'bytes') return bytes(quantity);
  return parseQuantity(quantity);
}

export function measure(unit: MeasureUnit, value: number, quota: number | null): Measure {
  return {
    unit,
    value,
    text: formatMeasure(unit, value),
    quota,
    quotaText: quota === null ? null : formatMeasure(unit, quota),
    percentOfQuota: quota === null || quota === 0 ? null : Math.round((value / quota) * 1000) / 10,
    fits: quota === null || value <= quota,
  };
}

/** Every measure of a footprint against a quota's `spec.hard` (undefined: no quota). */
export function measuresOf(footprint: Footprint, hard: Readonly<Record<string, string>> | undefined): Measures {
  const entries = MEASURE_KEYS.map((key) => {
    const definition = MEASURES[key];
    const quotaKey = definition.quotaKeys.find((candidate) => hard?.[candidate] !== undefined);
    const quota = quotaKey === undefined ? null : parseMeasure(definition.unit, hard![quotaKey]);
    return [key, measure(definition.unit, definition.fromFootprint(footprint), quota)] as const;
  });
  return Object.fromEntries(entries) as Record<MeasureKey, Measure>;
}

/** Sums measures; a total has a quota only when every part has one, since a partial sum would mislead. */
export function sumMeasures(parts: readonly Measures[]): Measures {
  const entries = MEASURE_KEYS.map((key) => {
    const { unit } = MEASURES[key];
    const value = parts.reduce((total, part) => total + part[key].value, 0);
    const quotas = parts.map((part) => part[key].quota);
    const quota = parts.length > 0 && quotas.every((q) => q !== null) ? quotas.reduce<number>((total, q) => total + q!, 0) : null;
    return [key, measure(unit, value, quota)] as const;
  });
  return Object.fromEntries(entries) as Record<MeasureKey, Measure>;
}
