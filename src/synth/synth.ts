/**
 * Platform -> files. Each chart instance renders in an App of its own, so the
 * cost is linear in the fleet; large fleets spread the instances over worker
 * threads. The result is the same bytes whatever the number of workers.
 */
import { availableParallelism } from 'node:os';
import type { Platform } from '../platform/schema.js';
import { renderUnit } from './render.js';
import { platformUnits } from './units.js';
import { renderInWorkers } from './workers.js';

export interface SynthFile {
  /** Path under the output folder, e.g. `tenants/acme.k8s.yaml`. */
  readonly path: string;
  readonly content: string;
  readonly objects: number;
}

export interface SynthResult {
  /** In unit order: system, free tier, GitOps wiring, tenants in platform-file order. */
  readonly files: readonly SynthFile[];
  readonly objects: number;
}

export interface SynthOptions {
  /** Threads to render with; 1 renders in this thread. @default - one per core for fleets of 200+ instances */
  readonly workers?: number;
}

/** Renders a platform in this thread. */
export function synthPlatform(platform: Platform): SynthResult {
  const files = platformUnits(platform)
    .map(renderUnit)
    .filter((unit) => unit.objects.length > 0)
    .map((unit) => ({ path: unit.file, content: unit.yaml, objects: unit.objects.length }));
  return { files, objects: files.reduce((sum, file) => sum + file.objects, 0) };
}

const PARALLEL_THRESHOLD = 200;

/** Renders a platform, on worker threads when the fleet is large enough to pay for their start-up. */
export async function synthPlatformFast(platform: Platform, options: SynthOptions = {}): Promise<SynthResult> {
  const units = platformUnits(platform).length;
  const workers = options.workers ?? (units >= PARALLEL_THRESHOLD ? availableParallelism() : 1);
  if (workers <= 1 || units < 2) return synthPlatform(platform);
  const files = (await renderInWorkers(platform, units, Math.min(workers, units))).filter((file) => file.objects > 0);
  return { files, objects: files.reduce((sum, file) => sum + file.objects, 0) };
}
