/**
 * batch/v1 Job: ready when it has completed, not when it has started (stock kstatus), as Flux's
 * and Timoni's Job readers do. A suspended Job is ready: nothing will run until it is resumed.
 */
import { conditionOf, describeCondition, failed, inProgress, integerOf, ready, type ObservedView } from './fields.js';
import type { Readiness } from './types.js';

export function jobReadiness({ spec, status }: ObservedView): Readiness {
  const failure = conditionOf(status, 'Failed');
  if (failure?.status === 'True') return failed(describeCondition(failure));
  // Kubernetes >= 1.31 sets FailureTarget first, while the last pods terminate; it never reverts.
  const failureTarget = conditionOf(status, 'FailureTarget');
  if (failureTarget?.status === 'True') return failed(describeCondition(failureTarget));
  const succeeded = integerOf(status.succeeded) ?? 0;
  const complete = conditionOf(status, 'Complete');
  if (complete?.status === 'True') return ready(describeCondition(complete, `${succeeded} succeeded`));
  if (spec.suspend === true) return ready('suspended (spec.suspend)');
  const active = integerOf(status.active) ?? 0;
  const failedPods = integerOf(status.failed) ?? 0;
  return inProgress(`running: ${active} active, ${succeeded} succeeded${failedPods > 0 ? `, ${failedPods} failed` : ''}`);
}
