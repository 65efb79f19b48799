/** Writes one rendered file under a folder, creating its subfolders once per thread. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export class FolderWriter {
  private readonly folders = new Set<string>();

  constructor(readonly root: string) {}

  /** Writes `content` to `path` (relative to the root); throws with the path on failure. */
  write(path: string, content: string): void {
    const target = join(this.root, path);
    try {
      const folder = dirname(target);
      if (!this.folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        this.folders.add(folder);
      }
      writeFileSync(target, content);
    } catch (error) {
      throw new Error(`cannot write ${target}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
