/**
 * What a command prints, decided once from its flags and the terminal: the result on
 * stdout as a table, JSON or YAML; notes, details and progress on stderr.
 */
import type { CliIo } from '../program.js';
import { colourEnabled, painter, type Painter } from './colour.js';
import type { OutputFlags, OutputFormat } from './options.js';
import { createProgress, type Progress } from './progress.js';
import { toJson, toYaml } from './serialize.js';

export interface Output {
  readonly format: OutputFormat;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** Colours for stdout (off unless stdout is a terminal and NO_COLOR is unset). */
  readonly paint: Painter;
  /** Colours for stderr. */
  readonly paintErr: Painter;
  /** The command's result: `data` as JSON or YAML, else the text `table` returns. Nothing with --quiet. */
  result(data: unknown, table: () => string): Promise<void>;
  /** A document printed as it is (YAML manifests, a script, a diagram). Nothing with --quiet. */
  document(text: string): void;
  /** A notable outcome or a warning, on stderr; not with --quiet. */
  note(text: string): void;
  /** A detail (file read, timing) on stderr, only with --verbose. */
  detail(text: string): void;
  /** Progress on stderr: an updating line on a terminal, plain lines otherwise, off with --quiet or json/yaml. */
  progress(): Progress;
}

export function createOutput(flags: OutputFlags, io: CliIo): Output {
  const format = flags.output ?? 'table';
  const quiet = flags.quiet === true;
  const verbose = flags.verbose === true && !quiet;
  const env = io.env ?? {};
  const paint = painter(colourEnabled(io.stdoutIsTTY === true, env));
  const paintErr = painter(colourEnabled(io.stderrIsTTY === true, env));
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  return {
    format,
    quiet,
    verbose,
    paint,
    paintErr,
    async result(data, table) {
      if (quiet) return;
      if (format === 'json') io.stdout(toJson(data));
      else if (format === 'yaml') io.stdout(await toYaml(data));
      else io.stdout(table());
    },
    document(text) {
      if (!quiet) io.stdout(text);
    },
    note(text) {
      if (!quiet) io.stderr(line(text));
    },
    detail(text) {
      if (verbose) io.stderr(paintErr('dim', line(text)));
    },
    progress() {
      const mode = quiet || format !== 'table' ? 'off' : io.stderrIsTTY ? 'line' : 'lines';
      return createProgress({ write: io.stderr, mode, columns: io.columns });
    },
  };
}
