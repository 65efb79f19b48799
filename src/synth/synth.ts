/**
 * Platform -> files. Each chart instance renders in an App of its own, so the
 * cost is linear in the fleet; large fleets spread the instances over worker
 * threads. The result is the same bytes whatever the number of workers.
 * With `check`, every instance is checked where it was rendered.
 */
import { availableParallelism } from 'node:os';
import { checkUnit, combine, type CheckResult, type UnitCheck } from '../check/check.js';
import type { Platform } from '../platform/schema.js';
import { renderUnit } from './render.js';
import { platformUnits, type SynthUnit } from './units.js';
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
  /** Present when synthesized with `check: true`. */
  readonly check?: CheckResult;
}

export interface SynthOptions {
  /** Threads to render with; 1 renders in this thread. @default - one per core for fleets of 200+ instances */
  readonly workers?: number;
  /** Run every check on what was rendered. @default false */
  readonly check?: boolean;
}

/** A rendered unit as it crosses a thread boundary. */
export interface UnitOutput {
  readonly file: SynthFile;
  readonly check?: UnitCheck;
}

export function synthUnit(unit: SynthUnit, check: boolean): UnitOutput {
  const rendered = renderUnit(unit);
  return {
    file: { path: rendered.file, content: rendered.yaml, objects: rendered.objects.length },
    check: check ? checkUnit(rendered.objects, rendered.file) : undefined,
  };
}

/** Renders a platform in this thread. */
export function synthPlatform(platform: Platform, options: Pick<SynthOptions, 'check'> = {}): SynthResult {
  return assemble(platformUnits(platform).map((unit) => synthUnit(unit, options.check ?? false)), options.check ?? false);
}

const PARALLEL_THRESHOLD = 200;

/** Renders a platform, on worker threads when the fleet is large enough to pay for their start-up. */
export async function synthPlatformFast(platform: Platform, options: SynthOptions = {}): Promise<SynthResult> {
  const units = platformUnits(platform).length;
  const workers = options.workers ?? (units >= PARALLEL_THRESHOLD ? availableParallelism() : 1);
  if (workers <= 1 || units < 2) return synthPlatform(platform, options);
  return assemble(await renderInWorkers(platform, units, Math.min(workers, units), options.check ?? false), options.check ?? false);
}

function assemble(outputs: readonly UnitOutput[], check: boolean): SynthResult {
  const written = outputs.filter((output) => output.file.objects > 0);
  const objects = written.reduce((sum, output) => sum + output.file.objects, 0);
  return {
    files: written.map((output) => output.file),
    objects,
    check: check ? combine(outputs.flatMap((output) => (output.check ? [output.check] : [])), objects) : undefined,
  };
}
