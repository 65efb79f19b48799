/** v1 Namespace: Active (yoke); a Terminating namespace refuses new objects. */
import { inProgress, ready, stringOf, type ObservedView } from './fields.js';
import type { Readiness } from './types.js';

export function namespaceReadiness({ status }: ObservedView): Readiness {
  const phase = stringOf(status.phase);
  if (phase === 'Active') return ready('Active');
  if (phase === 'Terminating') return inProgress('Terminating');
  return inProgress(`phase ${phase ?? '(none)'}: waiting for Active`);
}
