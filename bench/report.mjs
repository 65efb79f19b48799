/** Output helpers: plain-text tables for the terminal, key-sorted JSON for results.json. */

/**
 * Renders rows as an aligned text table.
 * @param {{ key: string, title: string, align?: 'left' | 'right' }[]} columns
 * @param {Record<string, unknown>[]} rows
 */
export function renderTable(columns, rows) {
  const cells = rows.map((row) => columns.map((column) => String(row[column.key] ?? '')));
  const widths = columns.map((column, i) => Math.max(column.title.length, ...cells.map((row) => row[i].length)));
  const pad = (text, i) => ((columns[i].align ?? 'right') === 'left' ? text.padEnd(widths[i]) : text.padStart(widths[i]));
  const line = (values) => `| ${values.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => ((columns[i].align ?? 'right') === 'left' ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(columns.map((column) => column.title)), rule, ...cells.map(line)].join('\n');
}

/** Fixed-point number with thousands separators: 12345.6 -> "12,345.6". */
export function fmt(value, digits = 0) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** JSON with object keys sorted at every level (arrays keep their order), so reruns diff cleanly. */
export function stableStringify(value) {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
  }
  return value;
}

// ---------------------------------------------------------------- targets

/**
 * One target of issue 6, judged on a measured figure.
 * @param {{ id: string, title: string, value: number, bound: number, op: '<=' | '>=', unit: string, basis: string, digits?: number }} target
 *   value: the measured figure; bound: the target; basis: which figure of which runs was judged;
 *   optional: digits, lowerBound (value is a lower bound), note (shown instead of a missing value), failed (no value because the measured thing failed).
 */
export function judge(target) {
  const { value, bound, op } = target;
  let verdict = 'n/a';
  if (typeof value === 'number' && Number.isFinite(value)) {
    verdict = (op === '<=' ? value <= bound : value >= bound) ? 'pass' : 'fail';
    // A lower bound below a ">=" bound decides nothing.
    if (verdict === 'fail' && target.lowerBound && op === '>=') verdict = 'inconclusive';
  }
  // Not measurable because what it measures failed (e.g. a provisioning run that never finished): not met.
  else if (target.failed) verdict = 'fail';
  return { digits: 2, ...target, verdict };
}

/** The targets of every scenario as one table. */
export function renderTargets(targets) {
  const rows = targets.map((target) => ({
    target: target.title,
    bound: `${target.op === '<=' ? '≤' : '≥'} ${fmt(target.bound, target.digits)} ${target.unit}`,
    measured: target.verdict === 'n/a' ? (target.note ?? 'not measured') : `${target.lowerBound ? '≥ ' : ''}${fmt(target.value, target.digits)} ${target.unit}`,
    verdict: target.verdict.toUpperCase(),
  }));
  return renderTable([
    { key: 'target', title: 'target', align: 'left' },
    { key: 'bound', title: 'bound', align: 'left' },
    { key: 'measured', title: 'measured', align: 'left' },
    { key: 'verdict', title: 'verdict', align: 'left' },
  ], rows);
}
