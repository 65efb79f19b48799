/** Reads a folder of synthesized YAML (such as dist/) for `check DIR`: one unit per file. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ManifestObject } from '../../constructs/index.js';
import { ConfigError, type ConfigIssue } from '../errors.js';

export async function readManifestFolder(dir: string): Promise<{ objects: ManifestObject[]; file: string }[]> {
  const entries = (await readdir(dir, { recursive: true })).filter((entry) => /\.ya?ml$/.test(entry)).sort();
  const issues: ConfigIssue[] = [];
  const units = [];
  for (const entry of entries) {
    const file = relative(dir, join(dir, entry)).split(sep).join('/');
    const docs = parseAllDocuments(await readFile(join(dir, entry), 'utf8'));
    const objects: ManifestObject[] = [];
    docs.forEach((doc, index) => {
      if (doc.errors.length > 0) issues.push({ path: `${file}[${index}]`, message: `not valid YAML: ${doc.errors[0].message.split('\n')[0]}` });
      const value = doc.toJS() as unknown;
      if (value === null || value === undefined) return;
      if (!isManifest(value)) {
        issues.push({ path: `${file}[${index}]`, message: 'not a Kubernetes object (apiVersion, kind and metadata.name are required)' });
        return;
      }
      objects.push(value);
    });
    units.push({ objects, file });
  }
  if (entries.length === 0) issues.push({ path: '', message: `no .yaml files in ${dir}` });
  if (issues.length > 0) throw new ConfigError(issues, dir);
  return units;
}

function isManifest(value: unknown): value is ManifestObject {
  const object = value as Partial<ManifestObject>;
  return typeof object === 'object' && typeof object.apiVersion === 'string' && typeof object.kind === 'string' && typeof object.metadata?.name === 'string';
}
