/**
 * Progress of long work on stderr: one updating line on a terminal, plain lines
 * otherwise, nothing when the output is quiet or meant for a machine.
 */

export type ProgressMode = 'line' | 'lines' | 'off';

export interface Progress {
  /** The current state, e.g. `synth 1200/5000 instances`. */
  update(text: string): void;
  /** Clears the updating line (a terminal), so the next output starts clean. */
  done(): void;
}

export interface ProgressSink {
  readonly write: (text: string) => void;
  readonly mode: ProgressMode;
  /** Terminal width, to keep the updating line on one row. @default 100 */
  readonly columns?: number;
}

const CLEAR_LINE = '\r\u001b[2K';

export function createProgress(sink: ProgressSink): Progress {
  if (sink.mode === 'off') return { update: () => undefined, done: () => undefined };
  if (sink.mode === 'lines') return { update: (text) => sink.write(`${text}\n`), done: () => undefined };
  const width = Math.max(20, (sink.columns ?? 100) - 1);
  let shown = false;
  return {
    update(text) {
      const line = text.length > width ? `${text.slice(0, width - 1)}…` : text;
      sink.write(`${CLEAR_LINE}${line}`);
      shown = true;
    },
    done() {
      if (shown) sink.write(CLEAR_LINE);
      shown = false;
    },
  };
}
