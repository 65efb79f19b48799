/** Which platform file a command reads: --platform, else ./platform.yaml, else the embedded default. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

export async function readPlatform(choice: PlatformChoice): Promise<Platform> {
  const { loadPlatform } = await import('../platform/load.js');
  return loadPlatform(choice.path);
}
