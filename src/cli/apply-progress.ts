/** The applier's progress events as the CLI shows them: stages, waits and readiness on stderr. */
import type { ProgressEvent } from '../apply/changeset.js';
import type { Output } from './output/index.js';

export function progressText(event: ProgressEvent): string | undefined {
  switch (event.type) {
    case 'stage': return `  stage ${event.stage} (${event.objects} object${event.objects === 1 ? '' : 's'})`;
    case 'waiting': return `    waiting for ${event.subject}: ${event.message}`;
    case 'ready': return `    ready ${event.subject} after ${event.seconds} s`;
    default: return undefined;
  }
}

export interface ApplyProgress {
  /** Pass as the applier's `onProgress`. */
  readonly onProgress: (event: ProgressEvent) => void;
  /** Clears the updating line; call before printing the result. */
  readonly done: () => void;
}

/** An updating line on a terminal, a line per event otherwise, nothing with --quiet or json/yaml. */
export function applyProgress(out: Output, instance?: string): ApplyProgress {
  const progress = out.progress();
  return {
    onProgress: (event) => {
      const text = progressText(event);
      if (text) progress.update(instance && out.verbose ? `${text} [${instance}]` : text);
    },
    done: () => progress.done(),
  };
}
