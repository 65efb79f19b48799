/** `labelSelector` and `fieldSelector` query parameters: parsed as the API server parses them, matched against objects. */
import { getPath, isObject, type Json, type JsonObject } from './json.js';
import { badRequest } from './status-errors.js';

export type Matcher = (object: JsonObject) => boolean;

type Requirement =
  | { readonly op: 'exists' | 'notexists'; readonly key: string }
  | { readonly op: 'in' | 'notin'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: 'gt' | 'lt'; readonly key: string; readonly value: number };

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas outside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      terms.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  terms.push(current);
  return terms.map((term) => term.trim());
}

function checkKey(key: string): string {
  if (!LABEL_KEY.test(key) || key.length > 317) throw badRequest(`unable to parse requirement: key: Invalid value: ${JSON.stringify(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  return key;
}

function checkValue(value: string): string {
  if (!LABEL_VALUE.test(value) || value.length > 63) throw badRequest(`unable to parse requirement: values[0][${value}]: Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  return value;
}

function parseRequirement(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (set) {
    const values = set[3].split(',').map((value) => checkValue(value.trim()));
    return { op: set[2] as 'in' | 'notin', key: checkKey(set[1]), values };
  }
  const comparison = /^([^!=<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(term);
  if (comparison) {
    const [, key, operator, value] = comparison;
    if (operator === '>' || operator === '<') {
      const number = Number(value.trim());
      if (!Number.isInteger(number)) throw badRequest(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      return { op: operator === '>' ? 'gt' : 'lt', key: checkKey(key), value: number };
    }
    return { op: operator === '!=' ? 'notin' : 'in', key: checkKey(key), values: [checkValue(value.trim())] };
  }
  if (/^!\s*\S+$/.test(term)) return { op: 'notexists', key: checkKey(term.slice(1).trim()) };
  if (/^\S+$/.test(term)) return { op: 'exists', key: checkKey(term) };
  throw badRequest(`unable to parse requirement: found '${term}', expected: identifier`);
}

function matchesLabels(requirement: Requirement, labels: Readonly<Record<string, Json>>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = has ? String(labels[requirement.key]) : undefined;
  switch (requirement.op) {
    case 'exists':
      return has;
    case 'notexists':
      return !has;
    case 'in':
      return has && requirement.values.includes(value!);
    case 'notin':
      return !has || !requirement.values.includes(value!);
    case 'gt':
      return has && Number(value) > requirement.value;
    case 'lt':
      return has && Number(value) < requirement.value;
  }
}

export function parseLabelSelector(text: string | null): Matcher {
  if (text === null || text.trim() === '') return () => true;
  const requirements = splitTerms(text).map(parseRequirement);
  return (object) => {
    const labels = getPath(object, 'metadata', 'labels');
    const map = isObject(labels) ? labels : {};
    return requirements.every((requirement) => matchesLabels(requirement, map));
  };
}

/** Fields each kind can be selected by, besides metadata.name and metadata.namespace. */
const EXTRA_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Secret: ['type'],
  Namespace: ['status.phase'],
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'reason', 'type', 'source'],
  Job: ['status.successful'],
};

export function parseFieldSelector(text: string | null, kind: string, customResource: boolean): Matcher {
  if (text === null || text.trim() === '') return () => true;
  const allowed = ['metadata.name', 'metadata.namespace', ...(customResource ? [] : (EXTRA_FIELDS[kind] ?? []))];
  const terms = splitTerms(text).map((term) => {
    const match = /^([^!=]+)(==|=|!=)(.*)$/.exec(term);
    if (!match) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const [, field, operator, value] = match;
    if (!allowed.includes(field.trim())) {
      throw badRequest(customResource ? `${JSON.stringify(field.trim())} is not a known field selector: only "metadata.name", "metadata.namespace"` : `field label not supported: ${field.trim()}`);
    }
    return { path: field.trim().split('.'), equal: operator !== '!=', value: value.trim() };
  });
  return (object) =>
    terms.every((term) => {
      const actual = getPath(object, ...term.path);
      const text = actual === undefined || actual === null ? '' : String(actual);
      return term.equal ? text === term.value : text !== term.value;
    });
}
