/** What the API server answers, as error values the CLI can explain. */
import { ExitCode, SaasChartsError } from '../errors.js';

/** A Kubernetes `Status` body. */
export interface KubeStatus {
  readonly kind?: string;
  readonly status?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: { readonly name?: string; readonly group?: string; readonly kind?: string; readonly causes?: readonly { readonly type?: string; readonly reason?: string; readonly message?: string; readonly field?: string }[] };
}

export class KubeApiError extends SaasChartsError {
  constructor(
    readonly status: number,
    readonly body: KubeStatus,
    readonly request: string,
  ) {
    super('cluster', `${request}: ${status} ${body.reason ?? ''} ${body.message ?? ''}`.replace(/\s+/g, ' ').trim(), ExitCode.CLUSTER);
  }
}

/** Another field manager owns fields we set: never forced by default. */
export class ConflictError extends SaasChartsError {
  constructor(
    readonly object: string,
    readonly conflicts: readonly { readonly field: string; readonly manager: string }[],
  ) {
    super('cluster', [
      `${object}: ${conflicts.map((c) => `${c.field} is owned by "${c.manager}"`).join(', ')}.`,
      'Three ways out: (1) stop setting these fields in the chart; (2) make the other manager stop setting them, or set the same value so ownership is shared;',
      '(3) take them over with --force-conflicts (the other manager may change them back).',
    ].join(' '), ExitCode.CLUSTER);
  }
}

/** A field that cannot change on a live object (a Job's pod template, a selector). */
export class ImmutableFieldError extends SaasChartsError {
  constructor(
    readonly object: string,
    readonly fields: readonly string[],
  ) {
    super('cluster', `${object}: ${fields.join(', ')} cannot change on a live object; objects that opt in (annotation saas-charts.io/recreate-on-immutable-change, such as migration Jobs) are recreated, others must be deleted and applied again`, ExitCode.CLUSTER);
  }
}

/** Refusals that protect the user: another set's object, an empty set, data deletion without --purge. */
export class SafetyError extends SaasChartsError {
  constructor(message: string) {
    super('usage', message, ExitCode.BAD_INPUT);
  }
}

export class ClusterUnreachable extends SaasChartsError {
  constructor(message: string) {
    super('cluster', message, ExitCode.CLUSTER);
  }
}

/** Turns a failed write into the most specific error. */
export function explainWriteError(error: unknown, object: string): unknown {
  if (!(error instanceof KubeApiError)) return error;
  const causes = error.body.details?.causes ?? [];
  if (error.status === 409 && causes.some((c) => (c.type ?? c.reason) === 'FieldManagerConflict')) {
    return new ConflictError(object, causes.map((c) => ({ field: c.field ?? '?', manager: /conflict with "([^"]+)"/.exec(c.message ?? '')?.[1] ?? 'another manager' })));
  }
  if (error.status === 422 && /immutable/i.test(JSON.stringify(error.body))) {
    return new ImmutableFieldError(object, causes.filter((c) => /immutable/i.test(c.message ?? '')).map((c) => c.field ?? '?'));
  }
  return error;
}
