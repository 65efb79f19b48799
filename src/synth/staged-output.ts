/**
 * An output folder written as a whole: files go to a sibling staging folder
 * as they are rendered, and `commit` swaps it in place of the output folder
 * (`discard` drops it). Until `commit`, the previous output is untouched, so
 * a failure at any point (or checks that find errors) leaves it as it was.
 * Large outputs are written by a writer thread (file-writer.ts), in parallel
 * with rendering; small ones in this thread, where a thread would cost more
 * than it saves. Render threads may also write their files into `folder`
 * themselves and report them with `written`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WriterMessage, WriterReply } from './file-writer.js';
import { OUTPUT_MARKER, OutputError, assertReplaceable, markerText } from './output-folder.js';

/** From this many files on, a writer thread pays for its start (about 30 ms). */
const WRITER_THREAD_FILES = 64;
/** Files per message to the writer thread. */
const BATCH = 16;

export interface StagedFile {
  /** Path under the output folder, e.g. `tenants/acme.k8s.yaml`. */
  readonly path: string;
  readonly content: string;
}

export interface StageOptions {
  /** How many files are coming; decides whether a writer thread is used. @default 0 */
  readonly expectedFiles?: number;
}

export class StagedOutput {
  /** Checks that `outDir` may be replaced and opens its staging folder. */
  static async open(outDir: string, options: StageOptions = {}): Promise<StagedOutput> {
    const target = resolve(outDir);
    await assertReplaceable(target);
    const parent = dirname(target);
    await mkdir(parent, { recursive: true });
    const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const staging = join(parent, `.${basename(target)}-new-${suffix}`);
    await mkdir(staging);
    const writer = (options.expectedFiles ?? 0) >= WRITER_THREAD_FILES ? new Worker(new URL('./file-writer.js', import.meta.url), { workerData: staging }) : undefined;
    return new StagedOutput(target, staging, join(parent, `.${basename(target)}-old-${suffix}`), writer);
  }

  private readonly paths: string[] = [];
  private batch: Array<readonly [string, string]> = [];
  private readonly pending: Array<Promise<void>> = [];
  private closed = false;
  /** The first write failure, kept until commit reports it (a rejection nobody awaits yet would crash the process). */
  private failure: string | undefined;
  /** The writer thread's answer to `end`, or its death, whichever comes first. */
  private readonly outcome: Promise<WriterReply> | undefined;

  private constructor(
    private readonly target: string,
    private readonly staging: string,
    private readonly previous: string,
    private readonly writer: Worker | undefined,
  ) {
    if (writer) {
      this.outcome = new Promise<WriterReply>((resolveReply) => {
        writer.once('message', resolveReply);
        writer.once('error', (error) => resolveReply({ error: `the file writer failed: ${error.message}` }));
        writer.once('exit', (code) => resolveReply({ error: `the file writer stopped (exit code ${code}) before writing every file` }));
      });
    }
  }

  /** The staging folder, for render threads that write their files themselves (then `written`). */
  get folder(): string {
    return this.staging;
  }

  /** Stages one file. Relative paths only; every file is written once. */
  add(file: StagedFile): void {
    this.written(file.path);
    if (!this.writer) {
      const path = join(this.staging, file.path);
      this.pending.push(mkdir(dirname(path), { recursive: true }).then(() => writeFile(path, file.content)).catch((error: unknown) => {
        this.failure ??= `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`;
      }));
      return;
    }
    this.batch.push([file.path, file.content]);
    if (this.batch.length >= BATCH) this.flush();
  }

  /** Counts in a file that was written into `folder` by someone else. */
  written(path: string): void {
    if (this.closed) throw new Error('staged output already committed or discarded');
    this.paths.push(path);
  }

  /** Waits for every file, writes the marker and swaps the staging folder in. */
  async commit(): Promise<void> {
    try {
      await this.finishWrites();
      await writeFile(join(this.staging, OUTPUT_MARKER), markerText(this.paths));
      await swap(this.staging, this.target, this.previous);
    } finally {
      await rm(this.staging, { recursive: true, force: true });
    }
    await rm(this.previous, { recursive: true, force: true });
  }

  /** Drops everything staged; the output folder stays as it was. Does nothing after commit or discard. */
  async discard(): Promise<void> {
    if (this.closed) return;
    await this.finishWrites().catch(() => undefined);
    await rm(this.staging, { recursive: true, force: true });
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.writer?.postMessage({ files: this.batch } satisfies WriterMessage);
    this.batch = [];
  }

  private async finishWrites(): Promise<void> {
    if (this.closed) throw new Error('staged output already committed or discarded');
    this.closed = true;
    if (!this.writer || !this.outcome) {
      await Promise.all(this.pending);
      if (this.failure !== undefined) throw new OutputError(this.failure);
      return;
    }
    this.flush();
    this.writer.postMessage({ end: true } satisfies WriterMessage);
    const reply = await this.outcome;
    await this.writer.terminate();
    if ('error' in reply) throw new OutputError(reply.error);
  }
}

async function swap(staging: string, target: string, previous: string): Promise<void> {
  const exists = await stat(target).then((info) => info.isDirectory(), () => false);
  if (exists) await rename(target, previous);
  try {
    await rename(staging, target);
  } catch (error) {
    if (exists) await rename(previous, target);
    throw error;
  }
}

/** Writes `files` as the whole content of `outDir`. */
export async function writeOutput(files: readonly StagedFile[], outDir: string): Promise<void> {
  const staged = await StagedOutput.open(outDir, { expectedFiles: files.length });
  try {
    for (const file of files) staged.add(file);
  } catch (error) {
    await staged.discard();
    throw error;
  }
  await staged.commit();
}
