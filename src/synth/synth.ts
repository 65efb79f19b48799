/**
 * Platform -> files. Each chart instance renders in an App of its own, so the
 * cost is linear in the fleet; on machines with more than two cores, large
 * fleets spread the instances over worker threads (on two, the second core is
 * better spent on garbage collection and on writing files). The result is the
 * same bytes whatever the number of threads. With `check`, every instance is
 * checked where it was rendered. `synthToFolder` writes each file while the
 * next ones render: on one render thread through a writer thread, on several
 * from each render thread.
 */
import { availableParallelism } from 'node:os';
import { checkUnit, combine, type CheckResult, type UnitCheck } from '../check/check.js';
import type { Platform } from '../platform/schema.js';
import { renderUnit } from './render.js';
import { StagedOutput } from './staged-output.js';
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
  /** Threads to render with, this one included; 1 renders in this thread only. @default - one per core but one, for fleets of 200+ instances */
  readonly workers?: number;
  /** Run every check on what was rendered. @default false */
  readonly check?: boolean;
  /** Progress: how many units are rendered, told at most every 100 units (never for small fleets). @default - not told */
  readonly onUnit?: (done: number, total: number) => void;
}

const PROGRESS_EVERY = 100;

/** Calls onUnit when `done` has moved PROGRESS_EVERY units since the last call. */
function unitReporter(total: number, onUnit: SynthOptions['onUnit']): ((done: number) => void) | undefined {
  if (!onUnit) return undefined;
  let told = 0;
  return (done) => {
    if (done - told < PROGRESS_EVERY) return;
    told = done;
    onUnit(done, total);
  };
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

function threadsFor(units: number, requested: number | undefined): number {
  const threads = requested ?? (units >= PARALLEL_THRESHOLD ? availableParallelism() - 1 : 1);
  return Math.max(1, Math.min(threads, units));
}

/** Renders a platform, on worker threads when the fleet and the machine are large enough to pay for them. */
export async function synthPlatformFast(platform: Platform, options: SynthOptions = {}): Promise<SynthResult> {
  const threads = threadsFor(platformUnits(platform).length, options.workers);
  if (threads <= 1) return synthPlatform(platform, options);
  return assemble(await renderInWorkers(platform, threads, { check: options.check ?? false }), options.check ?? false);
}

/** A synth staged in its output folder, not yet in place: what it holds, and the two ways to end it. */
export interface StagedSynth extends Omit<SynthResult, 'files'> {
  /** Files and object counts, in unit order (their text is on disk, not in memory). */
  readonly files: ReadonlyArray<Omit<SynthFile, 'content'>>;
  /** Replaces the output folder with this synth. */
  commit(): Promise<void>;
  /** Leaves the output folder as it was. */
  discard(): Promise<void>;
}

/**
 * Renders a platform into a staged output folder, each file written (by a
 * writer thread, for large fleets) while the next ones render (on one render
 * thread; with several, as their results arrive). Nothing replaces `outDir`
 * until `commit`, so checks can still refuse the result.
 */
export async function synthToFolder(platform: Platform, outDir: string, options: SynthOptions = {}): Promise<StagedSynth> {
  const check = options.check ?? false;
  const units = platformUnits(platform);
  const threads = threadsFor(units.length, options.workers);
  // Several render threads write their own files; one hands them to a writer thread.
  const staged = await StagedOutput.open(outDir, { expectedFiles: threads > 1 ? 0 : units.length });
  try {
    // Each file is handed over as soon as it exists, and its text is not kept here.
    const stage = (output: UnitOutput): UnitOutput => {
      if (output.file.objects > 0) staged.add(output.file);
      return { check: output.check, file: { ...output.file, content: '' } };
    };
    const report = unitReporter(units.length, options.onUnit);
    const outputs = threads > 1
      ? await renderInWorkers(platform, threads, { check, folder: staged.folder, claimed: report })
      : units.map((unit, index) => {
        const output = stage(synthUnit(unit, check));
        report?.(index + 1);
        return output;
      });
    if (threads > 1) for (const output of outputs) if (output.file.objects > 0) staged.written(output.file.path);
    const result = assemble(outputs, check);
    return {
      files: result.files.map(({ path, objects }) => ({ path, objects })),
      objects: result.objects,
      check: result.check,
      commit: () => staged.commit(),
      discard: () => staged.discard(),
    };
  } catch (error) {
    await staged.discard();
    throw error;
  }
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
