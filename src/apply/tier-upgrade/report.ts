/** What a tier upgrade did, step by step, as data the CLI renders (the engine never prints). */
import { ExitCode, SaasChartsError } from '../../errors.js';
import type { Tier } from '../../platform/schema.js';
import type { Change } from '../changeset.js';

/**
 * done: ran now; already-done: a previous run finished it (nothing written);
 * would-run: --dry-run; failed: stopped here; pending: not reached.
 */
export type StepState = 'done' | 'already-done' | 'would-run' | 'failed' | 'pending';

export interface StepReport {
  readonly name: string;
  readonly state: StepState;
  readonly detail: string;
  /** Time the step took in this run. */
  readonly seconds?: number;
}

/** move: shared free tier -> dedicated; in-place: professional <-> enterprise (or a dedicated trial); none: already there. */
export type UpgradePath = 'move' | 'in-place' | 'none';

export interface UpgradeReport {
  readonly tenant: string;
  readonly from: Tier;
  readonly to: Tier;
  readonly path: UpgradePath;
  /** upgraded: this run finished it; already-done: nothing to do; dry-run: nothing written; failed: see `failure`. */
  readonly outcome: 'upgraded' | 'already-done' | 'dry-run' | 'failed';
  readonly steps: readonly StepReport[];
  /** Applied changes of an in-place change. */
  readonly changes?: readonly Change[];
  readonly failure?: { readonly step: string; readonly message: string; readonly wayOut: string };
}

/** A step failed: carries the report so the CLI can print every step, and the cause's exit code. */
export class UpgradeStepError extends SaasChartsError {
  constructor(
    readonly report: UpgradeReport,
    readonly step: string,
    readonly error: unknown,
    readonly wayOut: string,
  ) {
    const reason = error instanceof Error ? error.message : String(error);
    super(error instanceof SaasChartsError ? error.kind : 'cluster', `tenant ${report.tenant}: step "${step}" failed: ${reason}\nWay out: ${wayOut}`, error instanceof SaasChartsError ? error.exitCode : ExitCode.FAILURE);
  }
}
