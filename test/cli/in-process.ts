/** Runs the CLI in this process (much faster than spawning), with a chosen terminal and environment. */
import { runCli, type CliIo } from '../../src/cli/program.js';

export interface InProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Terminal {
  /** Both streams are terminals. @default false */
  readonly tty?: boolean;
  /** @default {} (no NO_COLOR, no FORCE_COLOR) */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export async function cli(args: readonly string[], terminal: Terminal = {}): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    stdoutIsTTY: terminal.tty ?? false,
    stderrIsTTY: terminal.tty ?? false,
    env: terminal.env ?? {},
    columns: 120,
  };
  const code = await runCli(['node', 'saas-charts', ...args], io);
  return { code, stdout, stderr };
}

/** JSON on stdout, with a useful message when it is not. */
export function json<T = Record<string, unknown>>(run: InProcessRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout.slice(0, 500)}\nstderr:\n${run.stderr.slice(0, 500)}`);
  }
}

export const ESCAPE = '\u001b[';
