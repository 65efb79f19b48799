/**
 * Errors are values with a kind; the CLI maps each kind to an exit code and a
 * message, and prints a stack trace only with --debug.
 */
export type ErrorKind = 'config' | 'usage' | 'check' | 'io' | 'cluster';

/** Exit codes shared by every command (documented in the README). */
export const ExitCode = {
  OK: 0,
  /** Violations found (check) or an operation that failed on its own terms. */
  FAILURE: 1,
  /** Bad input: platform file, flags, arguments. Nothing was written. */
  BAD_INPUT: 2,
  /** The cluster refused or could not be reached. */
  CLUSTER: 3,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
} as const;

export class SaasChartsError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One problem in a platform file, located by its path (`tenants[3].id`). */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  /** `file:line:column` when the source text is known. */
  readonly location?: string;
}

export class ConfigError extends SaasChartsError {
  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly source?: string,
  ) {
    super('config', formatIssues(issues, source), ExitCode.BAD_INPUT);
  }
}

export class UsageError extends SaasChartsError {
  constructor(message: string) {
    super('usage', message, ExitCode.BAD_INPUT);
  }
}

function formatIssues(issues: readonly ConfigIssue[], source?: string): string {
  const head = `${source ?? 'platform file'}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  const lines = issues.map((issue) => {
    const where = issue.location ? `${issue.location} ` : '';
    const path = issue.path === '' ? '(top level)' : issue.path;
    return `  ${where}${path}: ${issue.message}`;
  });
  return [head, ...lines].join('\n');
}

/** Checks found errors: the report has been printed; this says what happens next. */
export class ChecksFailed extends SaasChartsError {
  constructor(message: string) {
    super('check', message, ExitCode.FAILURE);
  }
}
