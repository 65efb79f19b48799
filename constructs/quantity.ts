/**
 * Kubernetes resource quantities (`500m`, `2Gi`, `1.5`) parsed to numbers so
 * quotas can be summed, and formatted back the way people write them.
 */

const QUANTITY = /^([+]?(?:\d+(?:\.\d*)?|\.\d+))(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+)?$/;

const SUFFIX_FACTOR: Readonly<Record<string, number>> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const COMMON_MISTAKES: Readonly<Record<string, string>> = {
  KB: 'Ki', MB: 'Mi', GB: 'Gi', TB: 'Ti', KiB: 'Ki', MiB: 'Mi', GiB: 'Gi', TiB: 'Ti', Kb: 'Ki', Mb: 'Mi', Gb: 'Gi', mi: 'Mi', gi: 'Gi',
};

export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

/** A hint for the usual mistakes (`50GB` -> `50Gi`), or undefined. */
export function quantityHint(value: string): string | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(value.trim());
  if (!match) return undefined;
  const fix = COMMON_MISTAKES[match[2]];
  return fix ? `${match[1]}${fix}` : undefined;
}

/** The value of a quantity in base units (cores, bytes). Throws on a malformed quantity. */
export function parseQuantity(value: string): number {
  const match = QUANTITY.exec(value);
  if (!match) throw new Error(`"${value}" is not a Kubernetes quantity`);
  const [, number, suffix = ''] = match;
  const factor = SUFFIX_FACTOR[suffix] ?? 10 ** Number(suffix.slice(1));
  return Number(number) * factor;
}

/** CPU in whole millicores. */
export function cpuMillis(value: string): number {
  return Math.round(parseQuantity(value) * 1000);
}

/** Memory or storage in bytes. */
export function bytes(value: string): number {
  return Math.round(parseQuantity(value));
}

export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Bytes in the largest binary unit that divides them exactly. */
export function formatBytes(value: number): string {
  for (const unit of ['Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const factor = SUFFIX_FACTOR[unit];
    if (value >= factor && value % factor === 0) return `${value / factor}${unit}`;
  }
  return String(value);
}
