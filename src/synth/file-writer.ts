/**
 * Writer thread of a staged output: writes the files it is sent while the
 * main thread renders the next ones, so writing costs no render time (and
 * rendered text is not held until the end). Messages are batches of
 * [absolute path, content]; `end` asks for the outcome. After the first
 * failure it writes nothing more and reports that failure at `end`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';

export type WriterMessage = { readonly files: ReadonlyArray<readonly [string, string]> } | { readonly end: true };
export type WriterReply = { readonly written: number } | { readonly error: string };

const folders = new Set<string>();
let written = 0;
let failure: string | undefined;

parentPort?.on('message', (message: WriterMessage) => {
  if ('end' in message) {
    parentPort?.postMessage(failure === undefined ? { written } : { error: failure } satisfies WriterReply);
    return;
  }
  for (const [path, content] of message.files) {
    if (failure !== undefined) return;
    try {
      const folder = dirname(path);
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      writeFileSync(path, content);
      written++;
    } catch (error) {
      failure = `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
});
