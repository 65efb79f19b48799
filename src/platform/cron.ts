/** Cron syntax checks that say which field is wrong. */

const FIVE_FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  second: [0, 59], minute: [0, 59], hour: [0, 23], 'day of month': [1, 31], month: [1, 12], 'day of week': [0, 7],
};
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const NAMES = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i;

/** A message describing what is wrong with `expression`, or undefined when it is valid. */
export function cronProblem(expression: string, fields: 5 | 6): string | undefined {
  const text = expression.trim();
  if (fields === 5 && MACROS.has(text)) return undefined;
  const parts = text.split(/\s+/);
  const names = fields === 6 ? ['second', ...FIVE_FIELD_NAMES] : [...FIVE_FIELD_NAMES];
  if (parts.length !== fields) {
    const kind = fields === 6 ? 'a six-field schedule with seconds first, such as "0 0 2 * * *"' : 'a five-field schedule, such as "0 2 * * *"';
    return `"${expression}" has ${parts.length} field${parts.length === 1 ? '' : 's'}; expected ${kind}`;
  }
  for (let i = 0; i < parts.length; i++) {
    if (!validField(parts[i], RANGES[names[i]])) return `"${expression}": the ${names[i]} field "${parts[i]}" is not valid`;
  }
  return undefined;
}

function validField(field: string, [min, max]: readonly [number, number]): boolean {
  return field.split(',').every((item) => {
    const [range, step] = item.split('/');
    if (step !== undefined && !/^\d+$/.test(step)) return false;
    if (range === '*' || range === '?') return true;
    return range.split('-').every((value) => NAMES.test(value) || (/^\d+$/.test(value) && Number(value) >= min && Number(value) <= max));
  });
}
