/** Commander wiring: every command maps its errors to an exit code and one clear message. */
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, SaasChartsError } from '../errors.js';
import { colourEnabled, painter, type Painter } from './output/colour.js';
import { nextStep } from './next-step.js';
import { registerApply } from './apply-command.js';
import { registerBrick } from './brick-command.js';
import { registerCapacity } from './capacity-command.js';
import { registerCheck } from './check-command.js';
import { registerCompletion } from './completion-command.js';
import { registerGraph } from './graph-command.js';
import { registerInspect } from './inspect-commands.js';
import { registerRender } from './render-command.js';
import { registerSchema } from './schema-command.js';
import { registerSynth } from './synth-command.js';
import { registerTenant } from './tenant-command.js';
import { registerHistory } from './history-command.js';
import { registerFleet } from './fleet-command.js';
import { registerTenantExpire } from './tenant-expire-command.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (colours). @default false */
  readonly stdoutIsTTY?: boolean;
  /** Whether stderr is a terminal (colours, an updating progress line). @default false */
  readonly stderrIsTTY?: boolean;
  /** Where NO_COLOR and FORCE_COLOR are read. @default - none set */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Terminal width, for the progress line. @default 100 */
  readonly columns?: number;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  columns: process.stderr.columns,
};

export function buildProgram(io: CliIo): Command {
  const program = new Command('saas-charts')
    .description('Typed Kubernetes charts for a multi-tenant SaaS platform: synthesize, check and apply.')
    .addOption(new Option('--debug', 'print stack traces for unexpected errors'))
    .showSuggestionAfterError(true)
    .showHelpAfterError('(add --help for usage and examples)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText('after', `
Exit codes:
  0  success
  1  violations found or an operation failed
  2  bad input (platform file, flags); nothing was written
  3  the cluster refused or could not be reached
  130  interrupted (a second Ctrl-C; the first stops after the object in flight)

Every command takes -o/--output table|json|yaml, -q/--quiet and -v/--verbose.
Colours only on a terminal, never with NO_COLOR set.

Examples:
  $ saas-charts synth                          # the default platform.yaml -> dist/
  $ saas-charts synth --platform fleet.yaml --out manifests
  $ saas-charts check dist/ --output json
  $ saas-charts render acme                    # one tenant's YAML on stdout`);
  registerSynth(program, io);
  registerCheck(program, io);
  registerRender(program, io);
  registerBrick(program, io);
  registerApply(program, io);
  registerTenant(program, io);
  registerTenantExpire(program, io);
  registerFleet(program, io);
  registerHistory(program, io);
  registerInspect(program, io);
  registerGraph(program, io);
  registerCapacity(program, io);
  registerCompletion(program, io);
  registerSchema(program, io);
  return program;
}

/** Runs the CLI and returns the exit code (never throws). */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return ExitCode.OK;
  } catch (error) {
    return reportError(error, io, argv.includes('--debug'), painter(colourEnabled(io.stderrIsTTY === true, io.env ?? {})));
  }
}

function reportError(error: unknown, io: CliIo, debug: boolean, paint: Painter): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.OK;
    return ExitCode.BAD_INPUT;
  }
  if (error instanceof SaasChartsError) {
    io.stderr(`${paint('red', 'error:')} ${error.message}\n`);
    const hint = nextStep(error);
    if (hint) io.stderr(`${paint('dim', 'hint:')} ${hint}\n`);
    if (debug && error.stack) io.stderr(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`${paint('red', 'internal error:')} ${message}\n${debug && error instanceof Error ? `${error.stack}\n` : 'Run again with --debug for a stack trace, and report it.\n'}`);
  return ExitCode.FAILURE;
}
