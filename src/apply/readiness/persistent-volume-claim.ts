/**
 * v1 PersistentVolumeClaim: Bound (kstatus `pvcConditions`). On a WaitForFirstConsumer
 * StorageClass a claim stays Pending until a pod uses it, so the caller may accept Pending.
 */
import { failed, inProgress, ready, stringOf, type ObservedView } from './fields.js';
import type { Readiness, ReadinessContext } from './types.js';

export function persistentVolumeClaimReadiness({ spec, status }: ObservedView, context: ReadinessContext): Readiness {
  const phase = stringOf(status.phase);
  if (phase === 'Bound') {
    const volume = stringOf(spec.volumeName);
    return ready(volume ? `Bound to ${volume}` : 'Bound');
  }
  if (phase === 'Lost') return failed('Lost: the bound PersistentVolume no longer exists');
  if (phase === 'Pending' && context.pvcWaitForFirstConsumer === true) {
    return ready('Pending until its first consumer is scheduled (WaitForFirstConsumer)');
  }
  if (phase === 'Pending') return inProgress('Pending: waiting to be bound to a volume');
  return inProgress(`phase ${phase ?? '(none)'}: waiting for Bound`);
}
