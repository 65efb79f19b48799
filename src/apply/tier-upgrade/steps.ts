/** Runs named steps in order, timing each, and turns a failure into an UpgradeStepError with the way out. */
import type { Change } from '../changeset.js';
import { UpgradeStepError, type StepReport, type StepState, type UpgradeReport } from './report.js';

type ReportBase = Pick<UpgradeReport, 'tenant' | 'from' | 'to' | 'path'>;

export class StepRunner {
  private readonly done: StepReport[] = [];
  changes?: readonly Change[];

  constructor(
    private readonly base: ReportBase,
    /** Every step of this path, in order: the ones not reached are reported as pending. */
    private readonly planned: readonly string[],
    private readonly onStep: (step: StepReport) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  mark(name: string, state: StepState, detail: string): void {
    const step = { name, state, detail };
    this.done.push(step);
    this.onStep(step);
  }

  /** Runs `work` (which returns the step's detail); on failure reports it and throws with the way out (worked out then). */
  async run(name: string, wayOut: string | (() => string), work: () => Promise<string>): Promise<void> {
    const started = this.now();
    try {
      const detail = await work();
      const step = { name, state: 'done' as const, detail, seconds: (this.now() - started) / 1000 };
      this.done.push(step);
      this.onStep(step);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const step = { name, state: 'failed' as const, detail: message, seconds: (this.now() - started) / 1000 };
      this.done.push(step);
      this.onStep(step);
      const way = typeof wayOut === 'string' ? wayOut : wayOut();
      throw new UpgradeStepError(this.report('failed', { step: name, message, wayOut: way }), name, error, way);
    }
  }

  /** What this run did: something done -> upgraded, something that would run -> dry-run, else already-done. */
  outcome(): UpgradeReport['outcome'] {
    if (this.done.some((step) => step.state === 'done')) return 'upgraded';
    return this.done.some((step) => step.state === 'would-run') ? 'dry-run' : 'already-done';
  }

  report(outcome: UpgradeReport['outcome'] = this.outcome(), failure?: UpgradeReport['failure']): UpgradeReport {
    const reported = new Set(this.done.map((step) => step.name));
    const pending = this.planned.filter((name) => !reported.has(name)).map((name) => ({ name, state: 'pending' as const, detail: 'not reached' }));
    return { ...this.base, outcome, steps: [...this.done, ...pending], ...(this.changes ? { changes: this.changes } : {}), ...(failure ? { failure } : {}) };
  }
}
