/** Which platform file a command reads: --platform, else ./platform.yaml, else the embedded default. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClusterPin } from '../platform/keep-placement.js';
import type { Platform } from '../platform/schema.js';

/** The default platform shipped with the package (repository root). */
export const EMBEDDED_PLATFORM = fileURLToPath(new URL('../../../platform.yaml', import.meta.url));

export interface PlatformChoice {
  readonly path: string;
  readonly embedded: boolean;
}

export function choosePlatformFile(explicit?: string): PlatformChoice {
  if (explicit) return { path: explicit, embedded: false };
  if (existsSync('platform.yaml')) return { path: 'platform.yaml', embedded: false };
  return { path: EMBEDDED_PLATFORM, embedded: true };
}

/** Reads and validates the platform file; `detail` hears which file and how long it took (--verbose). */
export async function readPlatform(choice: PlatformChoice, detail?: (text: string) => void): Promise<Platform> {
  const started = performance.now();
  const { loadPlatform } = await import('../platform/load.js');
  const platform = await loadPlatform(choice.path);
  detail?.(`read ${choice.embedded ? 'the embedded default platform' : choice.path} (${platform.tenants.length} tenants) in ${Math.round(performance.now() - started)} ms`);
  return platform;
}

/**
 * Replaces the platform file with `text` atomically (a sibling temporary file
 * renamed over it), keeping its permissions: a reader never sees half a file.
 */
export async function replacePlatformFile(path: string, text: string): Promise<void> {
  const { randomBytes } = await import('node:crypto');
  const { chmod, rename, stat, writeFile } = await import('node:fs/promises');
  const mode = await stat(path).then((info) => info.mode & 0o7777, () => undefined);
  const staging = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(staging, text);
  if (mode !== undefined) await chmod(staging, mode);
  await rename(staging, path);
}

/** `brick b1-suitecrm to eu-1 (where it runs; ...)`: the `cluster:` pins an edit wrote, for command output. */
export function describePins(pins: readonly ClusterPin[]): string {
  return pins.map((pin) => `${pin.kind} ${pin.name} to ${pin.cluster} (${pin.reason === 'kept' ? 'where it runs; the edit would have moved it' : 'where it is placed'})`).join(', ');
}

/** Tells (on stderr) which items an edit pinned to their cluster; nothing when none. */
export function notePins(note: (text: string) => void, path: string, pins: readonly ClusterPin[]): void {
  if (pins.length > 0) note(`pinned in ${path}, so that nothing changes cluster: ${describePins(pins)}`);
}
