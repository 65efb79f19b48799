/** Shared fixtures: the embedded default platform and its synthesized objects. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ManifestObject } from '../../constructs/index.js';
import { parsePlatform } from '../../src/platform/load.js';
import type { Platform } from '../../src/platform/schema.js';
import { synthPlatform, type SynthResult } from '../../src/synth/synth.js';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_PLATFORM_FILE = `${REPO_ROOT}platform.yaml`;

export function defaultPlatform(): Platform {
  return parsePlatform(readFileSync(DEFAULT_PLATFORM_FILE, 'utf8'), 'platform.yaml');
}

let cached: SynthResult | undefined;
/** The default platform, synthesized once per test file. */
export function defaultSynth(): SynthResult {
  cached ??= synthPlatform(defaultPlatform());
  return cached;
}

/** Objects of one output file, parsed back from its YAML (what a user commits). */
export function objectsOf(result: SynthResult, path: string): ManifestObject[] {
  const file = result.files.find((f) => f.path === path);
  if (!file) throw new Error(`no file ${path}; files: ${result.files.map((f) => f.path).join(', ')}`);
  return parseAllDocuments(file.content).map((doc) => doc.toJS() as ManifestObject);
}

export function allObjects(result: SynthResult): ManifestObject[] {
  return result.files.flatMap((file) => objectsOf(result, file.path));
}

export function find(objects: readonly ManifestObject[], kind: string, name: string, namespace?: string): ManifestObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (!found) throw new Error(`no ${kind} ${namespace ? `${namespace}/` : ''}${name}`);
  return found;
}

/** `kubectl -l a=b,c=d` equality selectors. */
export function matchesSelector(labels: Record<string, string> | undefined, selector: string): boolean {
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return labels?.[key] === value;
  });
}

// Typed accessors for the fields tests look at.
/* eslint-disable @typescript-eslint/no-explicit-any */
export const spec = (object: ManifestObject): any => (object as any).spec;
export const podSpec = (object: ManifestObject): any => (object as any).spec.template.spec;
