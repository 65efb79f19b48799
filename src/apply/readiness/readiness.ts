/**
 * Whether an applied object is usable yet, from its live JSON alone. Mirrors kstatus where it
 * applies, but never says ready for an object whose controller has not written a status yet,
 * nor for a status that predates the apply.
 */
import { certificateReadiness } from './certificate.js';
import { cnpgClusterReadiness } from './cnpg-cluster.js';
import { customResourceDefinitionReadiness } from './custom-resource-definition.js';
import { deploymentReadiness } from './deployment.js';
import { inProgress, ready, stringOf, viewOf, type ObjectView, type ReadinessRule } from './fields.js';
import { genericReadiness } from './generic.js';
import { jobReadiness } from './job.js';
import { namespaceReadiness } from './namespace.js';
import { persistentVolumeClaimReadiness } from './persistent-volume-claim.js';
import { statefulSetReadiness } from './stateful-set.js';
import type { Readiness, ReadinessContext, ReadinessObject } from './types.js';

/** By `group/Kind` (`Kind` for the core group): a status means the same in every served version. */
const RULES: ReadonlyMap<string, ReadinessRule> = new Map<string, ReadinessRule>([
  ['apps/Deployment', deploymentReadiness],
  ['apps/StatefulSet', statefulSetReadiness],
  ['batch/Job', jobReadiness],
  ['PersistentVolumeClaim', persistentVolumeClaimReadiness],
  ['Namespace', namespaceReadiness],
  ['apiextensions.k8s.io/CustomResourceDefinition', customResourceDefinitionReadiness],
  ['postgresql.cnpg.io/Cluster', cnpgClusterReadiness],
  ['cert-manager.io/Certificate', certificateReadiness],
]);

/** Kinds we wait for; every other kind is ready once applied (and not terminating or stalled). */
export function hasReadinessRule(apiVersion: string, kind: string): boolean {
  return RULES.has(ruleKey(apiVersion, kind));
}

export function readinessOf(object: ReadinessObject, context: ReadinessContext = {}): Readiness {
  const view = viewOf(object);
  const generic = genericReadiness(view);
  if (generic) return generic;
  const rule = RULES.get(ruleKey(object.apiVersion, object.kind));
  if (!rule) return ready(noRuleMessage(view));
  if (!view.status) return inProgress('no status yet');
  return rule({ ...view, status: view.status }, context);
}

function ruleKey(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? kind : `${apiVersion.slice(0, slash)}/${kind}`;
}

function noRuleMessage({ kind, spec }: ObjectView): string {
  // kstatus waits for a LoadBalancer Service's address; our charts never create one.
  if (kind === 'Service' && stringOf(spec.type) === 'LoadBalancer') return 'no readiness rule for Service (its load balancer address is not waited for)';
  return `no readiness rule for ${kind}`;
}
