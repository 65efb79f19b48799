/**
 * Writes synthesized files as a whole: everything goes to a sibling temporary
 * folder first, which then replaces the output folder. A failure at any point
 * leaves the previous output exactly as it was.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { SaasChartsError, ExitCode } from '../errors.js';
import type { SynthFile } from './synth.js';

/** Marks a folder as ours, so we never replace a folder we did not write. */
export const OUTPUT_MARKER = '.saas-charts';

export class OutputError extends SaasChartsError {
  constructor(message: string) {
    super('io', message, ExitCode.BAD_INPUT);
  }
}

export async function writeOutput(files: readonly SynthFile[], outDir: string): Promise<void> {
  const target = resolve(outDir);
  await assertReplaceable(target);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = join(parent, `.${basename(target)}-new-${suffix}`);
  const previous = join(parent, `.${basename(target)}-old-${suffix}`);
  try {
    await mkdir(staging);
    const folders = new Set(files.map((file) => dirname(join(staging, file.path))));
    await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
    await Promise.all(files.map((file) => writeFile(join(staging, file.path), file.content)));
    await writeFile(join(staging, OUTPUT_MARKER), markerText(files.map((file) => file.path)));
    await swap(staging, target, previous);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  await rm(previous, { recursive: true, force: true });
}

async function swap(staging: string, target: string, previous: string): Promise<void> {
  const exists = await isDirectory(target);
  if (exists) await rename(target, previous);
  try {
    await rename(staging, target);
  } catch (error) {
    if (exists) await rename(previous, target);
    throw error;
  }
}

/** The marker: a line of explanation, then every file written, sorted. */
export function markerText(paths: readonly string[]): string {
  return ['Written by saas-charts synth; this whole folder is replaced on every synth.', ...[...paths].sort(), ''].join('\n');
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Only an absent folder, an empty one, or one holding nothing but what a
 * previous synth wrote (listed in the marker; plain YAML when there is no
 * marker, as cdk8s writes) may be replaced: anything else would be lost.
 */
async function assertReplaceable(target: string): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(target);
    if (!info.isDirectory()) throw new OutputError(`output ${target} exists and is not a folder; choose another --out`);
    entries = await readdir(target, { recursive: true });
  } catch (error) {
    if (error instanceof OutputError) throw error;
    return;
  }
  const written = entries.includes(OUTPUT_MARKER) ? await writtenBefore(target) : undefined;
  const foreign = [];
  for (const entry of entries) {
    if (entry === OUTPUT_MARKER || (await isDirectory(join(target, entry)))) continue;
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
