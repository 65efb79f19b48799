/**
 * Renders slices of a platform's units on worker threads. Units are split in
 * contiguous ranges and reassembled in order, so the output does not depend
 * on scheduling.
 */
import { Worker } from 'node:worker_threads';
import type { Platform } from '../platform/schema.js';
import type { UnitOutput } from './synth.js';

export interface WorkerRequest {
  readonly platform: Platform;
  readonly from: number;
  readonly to: number;
  readonly check: boolean;
}

export type WorkerReply = { readonly outputs: UnitOutput[] } | { readonly error: string };

export async function renderInWorkers(platform: Platform, units: number, workers: number, check: boolean): Promise<UnitOutput[]> {
  const script = new URL('./worker.js', import.meta.url);
  const size = Math.ceil(units / workers);
  const slices = Array.from({ length: workers }, (_, i) => ({ from: i * size, to: Math.min(units, (i + 1) * size) })).filter((s) => s.from < s.to);
  const results = await Promise.all(slices.map((slice) => runWorker(script, { platform, check, ...slice })));
  return results.flat();
}

function runWorker(script: URL, request: WorkerRequest): Promise<UnitOutput[]> {
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
