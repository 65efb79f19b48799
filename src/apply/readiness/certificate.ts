/**
 * cert-manager.io/v1 Certificate: Ready=True for this generation. cert-manager puts
 * observedGeneration only on each condition (kstatus ignores it), so a Ready=True from before a
 * spec change would pass without this check. Failed issuance is retried with backoff, never
 * given up, so it stays in progress with the failure in the message.
 */
import { conditionOf, describeCondition, inProgress, integerOf, ready, type ObservedView } from './fields.js';
import type { Readiness } from './types.js';

export function certificateReadiness({ status, generation }: ObservedView): Readiness {
  const readyCondition = conditionOf(status, 'Ready');
  const issuing = conditionOf(status, 'Issuing');
  if (readyCondition?.status === 'True') {
    const observed = readyCondition.observedGeneration;
    if (generation !== undefined && observed === undefined) {
      return inProgress(`Ready=True carries no observedGeneration; cannot tell whether it describes generation ${generation}`);
    }
    if (generation !== undefined && observed !== undefined && observed < generation) {
      return inProgress(`Ready=True is stale: observedGeneration ${observed} is older than generation ${generation}`);
    }
    // A renewal of a valid certificate: the current one still serves.
    return ready(`${describeCondition(readyCondition)}${issuing?.status === 'True' ? '; renewal in progress' : ''}`);
  }
  if (issuing?.status === 'True') return inProgress(describeCondition(issuing));
  const lastFailure = issuing?.status === 'False' && issuing.reason === 'Failed' ? `; last issuance failed: ${describeCondition(issuing)}${attempts(status.failedIssuanceAttempts)}; cert-manager retries with backoff` : '';
  if (readyCondition) return inProgress(`${describeCondition(readyCondition)}${lastFailure}`);
  return inProgress(`waiting for the Ready condition${lastFailure}`);
}

function attempts(value: unknown): string {
  const count = integerOf(value);
  return count === undefined ? '' : ` after ${count} failed attempt${count === 1 ? '' : 's'}`;
}
