/**
 * Renders slices of a platform's units on worker threads. Units are split in
 * contiguous ranges and reassembled in order, so the output does not depend
 * on scheduling.
 */
import { Worker } from 'node:worker_threads';
import type { Platform } from '../platform/schema.js';
import type { SynthFile } from './synth.js';

export interface WorkerRequest {
  readonly platform: Platform;
  readonly from: number;
  readonly to: number;
}

export type WorkerReply = { readonly files: SynthFile[] } | { readonly error: string };

export async function renderInWorkers(platform: Platform, units: number, workers: number): Promise<SynthFile[]> {
  const script = new URL('./worker.js', import.meta.url);
  const size = Math.ceil(units / workers);
  const slices = Array.from({ length: workers }, (_, i) => ({ from: i * size, to: Math.min(units, (i + 1) * size) })).filter((s) => s.from < s.to);
  const results = await Promise.all(slices.map((slice) => runWorker(script, { platform, ...slice })));
  return results.flat();
}

function runWorker(script: URL, request: WorkerRequest): Promise<SynthFile[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: request });
    worker.once('message', (reply: WorkerReply) => {
      if ('error' in reply) reject(new Error(reply.error));
      else resolve(reply.files);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`synth worker exited with code ${code}`));
    });
  });
}
