/**
 * apps/v1 StatefulSet, as kstatus `stsConditions` reads it (the controller sets no conditions):
 * replica counts, the partition of a staged rollout, and the current revision catching up with
 * the update revision. OnDelete sets are user-driven, so they are ready once observed.
 */
import { notYetObserved } from './generic.js';
import { inProgress, integerOf, objectOf, plural, ready, stringOf, type ObservedView } from './fields.js';
import type { Readiness } from './types.js';

export function statefulSetReadiness(view: ObservedView): Readiness {
  const { spec, status } = view;
  const unobserved = notYetObserved(view);
  if (unobserved) return unobserved;
  const strategy = objectOf(spec.updateStrategy) ?? {};
  if (stringOf(strategy.type) === 'OnDelete') return ready('update strategy OnDelete: pods change only when deleted');

  const desired = integerOf(spec.replicas) ?? 1;
  const replicas = integerOf(status.replicas) ?? 0;
  const readyReplicas = integerOf(status.readyReplicas) ?? 0;
  const current = integerOf(status.currentReplicas) ?? 0;
  const updated = integerOf(status.updatedReplicas) ?? 0;
  if (replicas < desired) return inProgress(`${replicas} of ${plural(desired, 'replica')} created`);
  if (readyReplicas < desired) return inProgress(`${readyReplicas} of ${desired} ready`);
  if (replicas > desired) return inProgress(`scaling down: ${plural(replicas - desired, 'replica')} pending termination`);

  // Pods with an ordinal below the partition keep the old revision on purpose.
  const partition = integerOf(objectOf(strategy.rollingUpdate)?.partition) ?? 0;
  if (partition > 0) {
    const target = Math.max(0, desired - partition);
    if (updated < target) return inProgress(`partitioned rollout: ${updated} of ${target} updated (partition ${partition})`);
    return ready(`partitioned rollout complete: ${updated} of ${plural(desired, 'replica')} updated, partition ${partition}`);
  }
  if (updated < desired) return inProgress(`rolling out: ${updated} of ${plural(desired, 'replica')} updated`);
  if (current < desired) return inProgress(`rolling out: ${current} of ${plural(desired, 'replica')} at the current revision`);
  const currentRevision = stringOf(status.currentRevision);
  const updateRevision = stringOf(status.updateRevision);
  if (desired > 0 && currentRevision !== updateRevision) {
    return inProgress(`rolling out: current revision ${currentRevision ?? '(none)'} is not update revision ${updateRevision ?? '(none)'}`);
  }
  return ready(`${desired} of ${plural(desired, 'replica')} ready and updated`);
}
