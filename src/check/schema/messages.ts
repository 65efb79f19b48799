/** Problem messages: each quotes the bad value or field and says what is expected. */
import { closest } from '../../platform/issues.js';

const MAX_QUOTED = 60;

/** `"2"`, `2`, `an object {"cpu":"1"}`, `a list ["a"]`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'object') return `${Array.isArray(value) ? 'a list' : 'an object'} ${truncate(JSON.stringify(value))}`;
  return String(value);
}

export function quote(text: string): string {
  return JSON.stringify(truncate(text));
}

export function typeMessage(expected: readonly string[], value: unknown): string {
  return `expected ${expected.join(' or ')}, got ${describeValue(value)}`;
}

export function enumMessage(value: unknown, allowed: readonly unknown[]): string {
  return `${describeValue(value)} is not one of ${allowed.map(String).join(', ')}`;
}

export function requiredMessage(field: string): string {
  return `missing required field ${JSON.stringify(field)}`;
}

const MAX_LISTED_FIELDS = 12;

export function unknownFieldMessage(field: string, known: readonly string[]): string {
  const suggestion = closest(field, known);
  const hint = suggestion
    ? ` (did you mean ${JSON.stringify(suggestion)}?)`
    : known.length === 0
      ? ' (the schema allows no fields here)'
      : known.length <= MAX_LISTED_FIELDS
        ? ` (known fields: ${known.join(', ')})`
        : '';
  return `unknown field ${JSON.stringify(field)}${hint}`;
}

function truncate(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 3)}...` : text;
}
