/**
 * Renders a platform's units on this thread and `threads - 1` worker threads.
 * Every thread claims the next chunk of units from one shared atomic counter,
 * so a worker that is still loading the library (about 0.4 s) takes less work
 * and this thread, which has it loaded, more. Outputs carry their unit index
 * and are put back in order, so the bytes do not depend on scheduling. Given
 * a folder, each thread writes its files there as it renders them, and the
 * outputs come back without their text.
 */
import { Worker } from 'node:worker_threads';
import type { Platform } from '../platform/schema.js';
import type { UnitOutput } from './synth.js';
import { synthUnit } from './synth.js';
import { platformUnits, type SynthUnit } from './units.js';
import { FolderWriter } from './write-file.js';

export interface WorkerRequest {
  readonly platform: Platform;
  readonly check: boolean;
  /** One Int32: the index of the next unclaimed unit. */
  readonly next: SharedArrayBuffer;
  /** Where to write each rendered file. @default - files come back with their text */
  readonly folder?: string;
}

export interface IndexedOutput {
  readonly index: number;
  readonly output: UnitOutput;
}

export type WorkerReply = { readonly outputs: IndexedOutput[] } | { readonly error: string };

/** Units claimed at a time: large enough to keep the counter cold, small enough to balance the tail. */
const CHUNK = 8;

/**
 * Claims and renders chunks of `units` until none are left. `claimed` is told
 * after each chunk how many units all threads have taken so far (progress).
 */
export function renderClaimed(units: readonly SynthUnit[], next: Int32Array, check: boolean, folder?: string, claimed?: (count: number) => void): IndexedOutput[] {
  const outputs: IndexedOutput[] = [];
  const writer = folder === undefined ? undefined : new FolderWriter(folder);
  for (let from = Atomics.add(next, 0, CHUNK); from < units.length; from = Atomics.add(next, 0, CHUNK)) {
    for (let index = from; index < Math.min(from + CHUNK, units.length); index++) {
      const output = synthUnit(units[index]!, check);
      if (!writer) {
        outputs.push({ index, output });
        continue;
      }
      if (output.file.objects > 0) writer.write(output.file.path, output.file.content);
      outputs.push({ index, output: { check: output.check, file: { ...output.file, content: '' } } });
    }
    claimed?.(Math.min(Atomics.load(next, 0), units.length));
  }
  return outputs;
}

export interface RenderInWorkersOptions {
  readonly check: boolean;
  /** Each thread writes its files here (their text does not come back). @default - files come back with their text */
  readonly folder?: string;
  /** Told after each chunk how many units all threads have claimed. */
  readonly claimed?: (count: number) => void;
}

export async function renderInWorkers(platform: Platform, threads: number, { check, folder, claimed }: RenderInWorkersOptions): Promise<UnitOutput[]> {
  const units = platformUnits(platform);
  const next = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const script = new URL('./worker.js', import.meta.url);
  const workers = Array.from({ length: threads - 1 }, () => runWorker(script, { platform, check, next, folder }));
  const counter = new Int32Array(next);
  let own: IndexedOutput[];
  try {
    own = renderClaimed(units, counter, check, folder, claimed);
  } catch (error) {
    // Nothing left to claim: the workers stop after their current chunk; their result is not needed.
    Atomics.store(counter, 0, units.length);
    await Promise.allSettled(workers);
    throw error;
  }
  const ordered = new Array<UnitOutput>(units.length);
  for (const { index, output } of [own, ...(await Promise.all(workers))].flat()) ordered[index] = output;
  return ordered;
}

function runWorker(script: URL, request: WorkerRequest): Promise<IndexedOutput[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: request });
    worker.once('message', (reply: WorkerReply) => {
      if ('error' in reply) reject(new Error(reply.error));
      else resolve(reply.outputs);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`synth worker exited with code ${code}`));
    });
  });
}
