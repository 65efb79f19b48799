/**
 * The `format`s the API server enforces when it decodes a field (a bad value is rejected
 * whatever the field validation level). Other formats are not checked.
 */
import { quantityHint } from '../../../constructs/quantity.js';
import { quote } from './messages.js';

/** A message quoting the bad value, or undefined when the value is fine. */
export type FormatCheck = (value: string | number | boolean) => string | undefined;

/** Not an OpenAPI format: the check tags Kubernetes' `Quantity` definition with it. */
export const QUANTITY_FORMAT = 'quantity';

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const INT64_LIMIT = 2 ** 63;
// Go's base64.StdEncoding, which also skips line breaks.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
// The pattern controller-gen publishes for resource.Quantity.
const QUANTITY = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

const CHECKS: Readonly<Record<string, FormatCheck>> = {
  int32: (value) =>
    typeof value === 'number' && (value < INT32.min || value > INT32.max) ? `${value} is out of range for int32 (${INT32.min} to ${INT32.max})` : undefined,
  int64: (value) => (typeof value === 'number' && Math.abs(value) >= INT64_LIMIT ? `${value} is out of range for int64` : undefined),
  byte: (value) => (typeof value === 'string' && !BASE64.test(value.replace(/[\r\n]/g, '')) ? `${quote(value)} is not base64` : undefined),
  'date-time': (value) =>
    typeof value === 'string' && !RFC3339.test(value) ? `${quote(value)} is not an RFC 3339 date-time such as "2024-01-31T12:00:00Z"` : undefined,
  [QUANTITY_FORMAT]: (value) => {
    if (typeof value !== 'string' || QUANTITY.test(value)) return undefined;
    const hint = quantityHint(value);
    return `${quote(value)} is not a Kubernetes quantity${hint ? ` (did you mean "${hint}"?)` : ' (examples: 500m, 2, 512Mi, 50Gi)'}`;
  },
};

export function formatCheck(format: string | undefined): FormatCheck | undefined {
  return format === undefined ? undefined : CHECKS[format];
}

/** A pattern check; Go (RE2) patterns the JavaScript engine cannot compile are skipped. */
export function patternCheck(pattern: string | undefined): FormatCheck | undefined {
  if (pattern === undefined) return undefined;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return undefined;
  }
  return (value) => (typeof value === 'string' && !regex.test(value) ? `${quote(value)} does not match the pattern ${pattern}` : undefined);
}
