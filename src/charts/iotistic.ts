/**
 * Iotistic's labels. The customer instances (seed 002) share MechanicBuddy's
 * label scheme but belong to another product, so `part-of` says `iotistic`.
 */
import type { AppIdentity } from '../../constructs/index.js';
import { chartLabels, identity } from './identity.js';

export const IOTISTIC = 'iotistic';

/** Labels cdk8s puts on every object of an Iotistic chart. */
export function iotisticChartLabels(instance: string): Record<string, string> {
  return { ...chartLabels(instance), 'app.kubernetes.io/part-of': IOTISTIC };
}

export function iotisticIdentity(name: string, component: string, instance: string, version?: string): AppIdentity {
  return { ...identity(name, component, instance, version), partOf: IOTISTIC };
}

/** The tag of a pinned image (`eclipse-mosquitto:2.0.22` -> `2.0.22`), or the digest; for the version label. */
export function imageVersion(image: string): string {
  const digest = image.indexOf('@');
  if (digest >= 0) return image.slice(digest + 1).replace(/^sha256:/, '').slice(0, 12);
  return image.slice(image.indexOf(':', image.lastIndexOf('/') + 1) + 1);
}
