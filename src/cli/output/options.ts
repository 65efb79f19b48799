/** The options every command shares: `-o, --output <format>`, `-q, --quiet`, `-v, --verbose`. */
import { InvalidArgumentError, Option, type Command } from 'commander';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface OutputOptionSpec {
  /** The formats the command prints, its default first; none: --output is refused with `hint`. @default table, json, yaml */
  readonly formats?: readonly OutputFormat[];
  /** What --output means for this command, for --help. @default - table for people, json and yaml for scripts */
  readonly help?: string;
  /** Added to the message for an unknown format, e.g. `the output folder is --out DIR`. */
  readonly hint?: string;
  /**
   * What the command prints without --output when its natural output is a document
   * (a diagram, manifests); --output then has no default and `flags.output` is undefined.
   * @default - the first format is the default
   */
  readonly document?: string;
}

/** What commander hands an action for these options. */
export interface OutputFlags {
  readonly output?: OutputFormat;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

export function withOutputOptions(command: Command, spec: OutputOptionSpec = {}): Command {
  const formats = spec.formats ?? OUTPUT_FORMATS;
  if (formats.length === 0) {
    // A command that prints one kind of thing (a script) still answers --output with a clear message.
    const refused = new Option('-o, --output <format>').hideHelp()
      .argParser(() => { throw new InvalidArgumentError(spec.hint ?? `${command.name()} has no --output; drop it.`); });
    return withVerbosityOptions(command.addOption(refused));
  }
  const help = spec.help ?? 'table for people, json or yaml for scripts';
  const output = new Option('-o, --output <format>', spec.document ? `${help} (default: ${spec.document})` : help).choices(formats);
  if (!spec.document) output.default(formats[0]);
  // `text` was the name of `table` before every command had the same formats.
  output.argParser((value: string) => parseOutputFormat(value, formats, spec.hint));
  return withVerbosityOptions(command.addOption(output));
}

/** `-q, --quiet` and `-v, --verbose` (also part of withOutputOptions). */
export function withVerbosityOptions(command: Command): Command {
  return command
    .addOption(new Option('-q, --quiet', 'print nothing but errors (the exit code tells the outcome)').conflicts('verbose'))
    .addOption(new Option('-v, --verbose', 'also print details on stderr: files read, timings'));
}

export function parseOutputFormat(value: string, formats: readonly OutputFormat[], hint?: string): OutputFormat {
  const format = value === 'text' ? 'table' : value;
  if ((formats as readonly string[]).includes(format)) return format as OutputFormat;
  throw new InvalidArgumentError(`Use one of ${formats.join(', ')}${hint ? ` (${hint})` : ''}.`);
}
