/** Objects as they are compared and sent: server-owned metadata and status removed. */
import type { ManifestObject } from '../../constructs/index.js';

const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'] as const;

/** Drops what the server owns, so a live object and a dry-run result compare by content. */
export function comparable(object: unknown): unknown {
  if (typeof object !== 'object' || object === null) return object;
  const copy = structuredClone(object) as Record<string, unknown> & { metadata?: Record<string, unknown> };
  delete copy.status;
  if (copy.metadata) {
    for (const key of SERVER_METADATA) delete copy.metadata[key];
    const annotations = copy.metadata.annotations as Record<string, string> | undefined;
    if (annotations) delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  }
  return copy;
}

export function sameContent(a: unknown, b: unknown): boolean {
  return stableJson(comparable(a)) === stableJson(comparable(b));
}

/** JSON with sorted keys. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/** Field-level differences `path: old -> new`, with Secret values masked. */
export function diffObjects(live: unknown, wanted: unknown, secret: boolean): string[] {
  const lines: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (stableJson(a) === stableJson(b)) return;
    const objects = a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b);
    if (objects) {
      const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
      for (const key of keys) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      return;
    }
    const masked = secret && /^(data|stringData)\b/.test(path);
    const show = (v: unknown) => (v === undefined ? '(absent)' : masked ? '(secret value)' : JSON.stringify(v));
    lines.push(`${path}: ${show(a)} -> ${show(b)}`);
  };
  walk(comparable(live), comparable(wanted), '');
  return lines;
}

export function isManifest(value: unknown): value is ManifestObject {
  return typeof value === 'object' && value !== null && typeof (value as ManifestObject).kind === 'string';
}
