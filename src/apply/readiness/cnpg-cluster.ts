/**
 * postgresql.cnpg.io/v1 Cluster. CNPG publishes no observedGeneration (neither in status nor on
 * its Ready condition), so a Ready=True left over from before the apply would pass kstatus; we
 * also require every instance ready and, when the caller gives the apply time, a status written
 * since then.
 */
import { conditionOf, conditionsOf, describeCondition, inProgress, integerOf, listOf, objectOf, plural, ready, stringOf, type JsonObject, type ObservedView } from './fields.js';
import type { Readiness, ReadinessContext } from './types.js';

export function cnpgClusterReadiness({ metadata, spec, status }: ObservedView, context: ReadinessContext): Readiness {
  const phase = phaseOf(status);
  if (context.appliedAt !== undefined) {
    const since = Date.parse(context.appliedAt);
    if (Number.isNaN(since)) return inProgress(`cannot prove the status is newer than the apply: appliedAt "${context.appliedAt}" is not a time`);
    if (!statusWrittenSince(metadata, status, since)) {
      return inProgress(`cannot prove the status is newer than the apply at ${context.appliedAt}: no status write or condition change since then${phase}`);
    }
  }
  const instances = integerOf(spec.instances) ?? 1;
  const readyInstances = integerOf(status.readyInstances) ?? 0;
  const counts = `${readyInstances} of ${plural(instances, 'instance')} ready`;
  const readyCondition = conditionOf(status, 'Ready');
  if (readyCondition?.status !== 'True') {
    const waiting = readyCondition ? describeCondition(readyCondition, counts) : `waiting for the Ready condition (${counts})`;
    return inProgress(`${waiting}${phase}`);
  }
  if (readyInstances !== instances) return inProgress(`Ready=True but ${counts}${phase}`);
  return ready(`${describeCondition(readyCondition, counts)}${phase}`);
}

/** `; phase "Setting up primary": reason`, or nothing when CNPG has not published a phase. */
function phaseOf(status: JsonObject): string {
  const phase = stringOf(status.phase);
  if (!phase) return '';
  const reason = stringOf(status.phaseReason);
  return `; phase "${phase}"${reason ? `: ${reason}` : ''}`;
}

/** A status-subresource write (managedFields) or a condition transition at or after `since`. */
function statusWrittenSince(metadata: JsonObject, status: JsonObject, since: number): boolean {
  const atOrAfter = (time: string | undefined): boolean => time !== undefined && Date.parse(time) >= since;
  const statusWrites = listOf(metadata.managedFields)
    .map(objectOf)
    .filter((entry) => stringOf(entry?.subresource) === 'status')
    .map((entry) => stringOf(entry?.time));
  if (statusWrites.some(atOrAfter)) return true;
  return conditionsOf(status).some((condition) => atOrAfter(condition.lastTransitionTime));
}
