/**
 * Output folders we own: the marker that lists what a synth wrote, and the
 * check that we never replace a folder holding anything else. Writing is
 * staged-output.ts's.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { SaasChartsError, ExitCode } from '../errors.js';

/** Marks a folder as ours, so we never replace a folder we did not write. */
export const OUTPUT_MARKER = '.saas-charts';

export class OutputError extends SaasChartsError {
  constructor(message: string) {
    super('io', message, ExitCode.BAD_INPUT);
  }
}

/** The marker: a line of explanation, then every file written, sorted. */
export function markerText(paths: readonly string[]): string {
  return ['Written by saas-charts synth; this whole folder is replaced on every synth.', ...[...paths].sort(), ''].join('\n');
}

/**
 * Only an absent folder, an empty one, or one holding nothing but what a
 * previous synth wrote (listed in the marker; plain YAML when there is no
 * marker, as cdk8s writes) may be replaced: anything else would be lost.
 */
export async function assertReplaceable(target: string): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(target);
    if (!info.isDirectory()) throw new OutputError(`output ${target} exists and is not a folder; choose another --out`);
    const found = await readdir(target, { recursive: true, withFileTypes: true });
    entries = found.filter((entry) => !entry.isDirectory()).map((entry) => relative(target, join(entry.parentPath, entry.name)));
  } catch (error) {
    if (error instanceof OutputError) throw error;
    return;
  }
  const written = entries.includes(OUTPUT_MARKER) ? await writtenBefore(target) : undefined;
  const foreign = [];
  for (const entry of entries) {
    if (entry === OUTPUT_MARKER) continue;
    const ours = written ? written.has(entry.split(sep).join('/')) : /\.ya?ml$/.test(entry);
    if (!ours) foreign.push(entry);
  }
  if (foreign.length > 0) {
    throw new OutputError(`refusing to replace ${target}: it holds files saas-charts did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}); choose another --out or remove them`);
  }
}

async function writtenBefore(target: string): Promise<Set<string>> {
  const text = await readFile(join(target, OUTPUT_MARKER), 'utf8');
  return new Set(text.split('\n').slice(1).filter((line) => line.length > 0));
}
