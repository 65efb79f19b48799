/** Checks that apply to every kind before its own rule (kstatus `generic.go`). */
import { conditionOf, describeCondition, inProgress, integerOf, failed, type ObjectView, type ObservedView } from './fields.js';
import type { Readiness } from './types.js';

/** Terminating, stale status, `Stalled=True` or `Reconciling=True`; undefined when none applies. */
export function genericReadiness(view: ObjectView): Readiness | undefined {
  const deletion = view.metadata.deletionTimestamp;
  if (deletion !== undefined && deletion !== null) return inProgress('terminating');
  const status = view.status;
  if (!status) return undefined;
  const observed = integerOf(status.observedGeneration);
  // Only older is stale: a newer observedGeneration means the caller's metadata is the old copy.
  if (observed !== undefined && view.generation !== undefined && observed < view.generation) {
    return inProgress(`status is stale: observedGeneration ${observed} is older than generation ${view.generation}`);
  }
  const stalled = conditionOf(status, 'Stalled');
  if (stalled?.status === 'True') return failed(describeCondition(stalled));
  const reconciling = conditionOf(status, 'Reconciling');
  if (reconciling?.status === 'True') return inProgress(describeCondition(reconciling));
  return undefined;
}

/**
 * For controllers that always publish observedGeneration (Deployment, StatefulSet): a status
 * without one was not written for this generation yet.
 */
export function notYetObserved(view: ObservedView): Readiness | undefined {
  if (view.generation === undefined || integerOf(view.status.observedGeneration) !== undefined) return undefined;
  return inProgress(`waiting for the controller to observe generation ${view.generation}`);
}
