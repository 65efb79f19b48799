/**
 * The parsed copy of imports/crds/*.yaml in schemas/crd-schemas.json (written by
 * scripts/vendor-k8s-schema.mjs): JSON.parse takes milliseconds where the YAML takes about
 * a second. A group's copy is used only while it matches the sha256 of its YAML file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { CustomResourceDefinition } from './openapi-schema.js';
import { packageFile } from './package-root.js';

interface CachedGroup {
  readonly sha256: string;
  readonly definitions: readonly CustomResourceDefinition[];
}

interface CacheFile {
  readonly groups: Readonly<Record<string, CachedGroup>>;
}

const CACHE_FILE = ['schemas', 'crd-schemas.json'] as const;

let cache: CacheFile | undefined;

/** The CRDs of a group from the copy, or undefined when the copy is missing or does not match `yaml`. */
export function cachedDefinitions(group: string, yaml: Buffer): readonly CustomResourceDefinition[] | undefined {
  cache ??= readCache();
  const entry = Object.hasOwn(cache.groups, group) ? cache.groups[group] : undefined;
  if (entry === undefined || entry.sha256 !== createHash('sha256').update(yaml).digest('hex')) return undefined;
  return entry.definitions;
}

function readCache(): CacheFile {
  const file = packageFile(...CACHE_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CacheFile) : { groups: {} };
}
