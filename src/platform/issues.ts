/** Turns zod issues into one readable line per problem, located in the source text. */
import type { z } from 'zod';
import { LineCounter, isNode, type Document } from 'yaml';
import type { ConfigIssue } from '../errors.js';

export type IssuePath = readonly PropertyKey[];

/** `tenants[3].customDomains[0]` */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** A problem found by the rules that need the whole platform file, located later from `at`. */
export type PlatformProblem = Omit<ConfigIssue, 'location'> & { readonly at: IssuePath };

export function problemAt(at: IssuePath, message: string): PlatformProblem {
  return { at, path: formatPath(at), message };
}

/** Where a path points in the YAML source, as `file:line:column`. */
export function locate(doc: Document | undefined, lines: LineCounter | undefined, source: string, path: IssuePath): string | undefined {
  if (!doc || !lines) return undefined;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return `${source}:${line}:${col}`;
    }
  }
  return undefined;
}

export function zodIssueMessage(issue: z.core.$ZodIssue, knownKeys: (path: IssuePath) => readonly string[]): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKeyMessage(key, knownKeys(issue.path))).join('; ');
    case 'invalid_type':
      return `expected ${article(issue.expected)}, got ${describe(issue.input)}`;
    case 'invalid_value':
      return `${describe(issue.input)} is not one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `must have at least ${issue.minimum} ${issue.origin === 'array' ? 'item' : 'character'}${Number(issue.minimum) === 1 ? '' : 's'}`
        : `${describe(issue.input)} is below the minimum ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `must have at most ${issue.maximum} ${issue.origin === 'array' ? 'item' : 'character'}${Number(issue.maximum) === 1 ? '' : 's'}`
        : `${describe(issue.input)} is above the maximum ${issue.maximum}`;
    default:
      return issue.message;
  }
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : known.length > 0 ? ` (known keys: ${known.join(', ')})` : '';
  return `unknown key "${key}"${hint}`;
}

function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

/** The known key within edit distance 2, if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

export type { ConfigIssue };
