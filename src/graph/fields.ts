/** Typed reads of untyped manifest fields: every accessor answers a safe empty value. */

export type Fields = Readonly<Record<string, unknown>>;

export function record(value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

export function list(value: unknown): Fields[] {
  return Array.isArray(value) ? value.map(record) : [];
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = record(current)[key];
  return current;
}

export function labels(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record(value))) if (typeof entry === 'string') result[key] = entry;
  return result;
}
