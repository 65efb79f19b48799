/**
 * Writer thread of a staged output: writes the files it is sent while the
 * main thread renders the next ones, so writing costs no render time (and
 * rendered text is not held until the end). Messages are batches of
 * [path under the staging folder, content]; `end` asks for the outcome. After
 * the first failure it writes nothing more and reports that failure at `end`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FolderWriter } from './write-file.js';

export type WriterMessage = { readonly files: ReadonlyArray<readonly [string, string]> } | { readonly end: true };
export type WriterReply = { readonly written: number } | { readonly error: string };

const writer = new FolderWriter(workerData as string);
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
      writer.write(path, content);
      written++;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
  }
});
