/**
 * Table rows from several instances of one chart, merged: a row every instance
 * has appears once; a row only some have says which in an "Only in" column.
 */
export interface InstanceRows {
  readonly label: string;
  readonly rows: readonly (readonly string[])[];
}

export interface MergedRows {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function mergeRows(header: readonly string[], instances: readonly InstanceRows[]): MergedRows {
  const seen = new Map<string, { readonly row: readonly string[]; readonly in: Set<number> }>();
  instances.forEach((instance, index) => {
    for (const row of instance.rows) {
      const key = JSON.stringify(row);
      const entry = seen.get(key) ?? { row, in: new Set<number>() };
      entry.in.add(index);
      seen.set(key, entry);
    }
  });
  const entries = [...seen.values()];
  const partial = entries.some((entry) => entry.in.size < instances.length);
  if (!partial) return { header, rows: entries.map((entry) => entry.row) };
  return {
    header: [...header, 'Only in'],
    rows: entries.map((entry) => [...entry.row, entry.in.size === instances.length ? '' : [...entry.in].sort((a, b) => a - b).map((index) => instances[index].label).join(', ')]),
  };
}
