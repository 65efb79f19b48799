/**
 * apps/v1 Deployment: every replica updated, available and ready, no old replicas left, and the
 * controller's own verdict (`Progressing` reason NewReplicaSetAvailable, `Available=True`), as in
 * kstatus `deploymentConditions`. ProgressDeadlineExceeded fails fast.
 */
import { notYetObserved } from './generic.js';
import { conditionOf, describeCondition, failed, inProgress, integerOf, plural, ready, type ObservedView } from './fields.js';
import type { Readiness } from './types.js';

export function deploymentReadiness(view: ObservedView): Readiness {
  const { spec, status } = view;
  const unobserved = notYetObserved(view);
  if (unobserved) return unobserved;
  const progressing = conditionOf(status, 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') return failed(describeCondition(progressing));

  const replicas = integerOf(status.replicas) ?? 0;
  // No spec.replicas in what we read means an HPA owns the count: wait for what it asked for.
  const desired = integerOf(spec.replicas) ?? integerOf(status.replicas) ?? 1;
  if (desired === 0) {
    return replicas === 0 ? ready('scaled to 0 replicas') : inProgress(`scaling to 0: ${plural(replicas, 'replica')} left`);
  }
  const updated = integerOf(status.updatedReplicas) ?? 0;
  const available = integerOf(status.availableReplicas) ?? 0;
  const readyReplicas = integerOf(status.readyReplicas) ?? 0;
  const availableCondition = conditionOf(status, 'Available');

  if (updated < desired) return inProgress(`rolling out: ${updated} of ${plural(desired, 'replica')} updated`);
  if (replicas > desired) return inProgress(`rolling out: ${plural(replicas - desired, 'old replica')} pending termination`);
  if (available < desired) {
    const counts = `${available} of ${desired} available`;
    return inProgress(availableCondition?.status === 'False' ? describeCondition(availableCondition, counts) : counts);
  }
  if (readyReplicas < desired) return inProgress(`${readyReplicas} of ${desired} ready`);
  if (progressing && !(progressing.status === 'True' && progressing.reason === 'NewReplicaSetAvailable')) return inProgress(describeCondition(progressing));
  if (availableCondition?.status !== 'True') {
    return inProgress(availableCondition ? describeCondition(availableCondition) : 'waiting for the Available condition');
  }
  return ready(describeCondition(availableCondition, `${desired} of ${plural(desired, 'replica')} updated, available and ready`));
}
