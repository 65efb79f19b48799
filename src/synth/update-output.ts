/**
 * Updates some files of an output folder in place, for commands that change
 * one chart instance (`brick pause`): each file is replaced atomically and the
 * folder's list of written files follows. A folder we did not write is left alone.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OUTPUT_MARKER, markerText } from './output-folder.js';

export interface OutputChange {
  readonly path: string;
  /** New content; undefined removes the file. */
  readonly content?: string;
}

export interface UpdateResult {
  readonly written: readonly string[];
  readonly removed: readonly string[];
}

/** Applies the changes, or returns undefined when the folder holds no previous synth (write it whole instead). */
export async function updateOutput(outDir: string, changes: readonly OutputChange[]): Promise<UpdateResult | undefined> {
  let listed: string[];
  try {
    listed = (await readFile(join(outDir, OUTPUT_MARKER), 'utf8')).split('\n').slice(1).filter(Boolean);
  } catch {
    return undefined;
  }
  const files = new Set(listed);
  const written: string[] = [];
  const removed: string[] = [];
  for (const change of changes) {
    const target = join(outDir, change.path);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (change.content === undefined) {
      if (current === undefined) continue;
      await rm(target);
      files.delete(change.path);
      removed.push(change.path);
      continue;
    }
    if (current === change.content) continue;
    await mkdir(dirname(target), { recursive: true });
    const staging = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(staging, change.content);
    await rename(staging, target);
    files.add(change.path);
    written.push(change.path);
  }
  if (written.length > 0 || removed.length > 0) {
    await writeFile(join(outDir, OUTPUT_MARKER), markerText([...files]));
  }
  return { written, removed };
}
