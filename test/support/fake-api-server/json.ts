/** JSON values as they travel on the wire, and the few operations every module needs. */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy of JSON data; several times faster than structuredClone, which the server calls on every read and write. */
export function clone<T>(value: T): T {
  return copyJson(value) as T;
}

function copyJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const entry = copyJson((value as Record<string, unknown>)[key]);
    // JSON.parse makes `__proto__` an own key; plain assignment would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: entry, enumerable: true, writable: true, configurable: true });
    else copy[key] = entry;
  }
  return copy;
}

/** Structural equality; key order does not matter, list order does. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/** The object at `path`, created on the way when missing. */
export function ensureObject(root: JsonObject, ...path: string[]): JsonObject {
  let node = root;
  for (const key of path) {
    const next = node[key];
    if (isObject(next)) {
      node = next;
      continue;
    }
    const created: JsonObject = {};
    node[key] = created;
    node = created;
  }
  return node;
}

export function getPath(root: Json | undefined, ...path: string[]): Json | undefined {
  let node: Json | undefined = root;
  for (const key of path) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

export function stringAt(root: Json | undefined, ...path: string[]): string | undefined {
  const value = getPath(root, ...path);
  return typeof value === 'string' ? value : undefined;
}

/** Removes null-valued fields and list items recursively (a null in an applied config means "not set"). */
export function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map(withoutNulls);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = withoutNulls(item);
  return out;
}
