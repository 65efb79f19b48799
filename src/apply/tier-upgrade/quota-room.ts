/**
 * A Job pod that a ResourceQuota would refuse never starts: the job controller
 * only records an event, and the wait would run into its timeout. So before
 * creating one, the room each quota of the namespace has left (its status,
 * written by the quota controller) is compared with what the pod needs.
 */
import { podFootprint, type Footprint, type ManifestObject } from '../../../constructs/index.js';
import { bytes, cpuMillis, formatBytes, formatCpu } from '../../../constructs/quantity.js';
import type { ObjectClient } from '../objects.js';

const MEASURES: readonly { key: string; need: (f: Footprint) => number; parse: (q: string) => number; show: (n: number) => string }[] = [
  { key: 'requests.cpu', need: (f) => f.requestsCpu, parse: cpuMillis, show: formatCpu },
  { key: 'requests.memory', need: (f) => f.requestsMemory, parse: bytes, show: formatBytes },
  { key: 'limits.cpu', need: (f) => f.limitsCpu, parse: cpuMillis, show: formatCpu },
  { key: 'limits.memory', need: (f) => f.limitsMemory, parse: bytes, show: formatBytes },
  { key: 'pods', need: (f) => f.pods, parse: Number, show: String },
];

interface QuotaStatus { metadata: { name: string }; status?: { hard?: Record<string, string>; used?: Record<string, string> } }

/** Throws naming the quota, the measure, what is used and what the Job's pod needs, when it would not fit. */
export async function assertQuotaRoom(client: ObjectClient, job: ManifestObject): Promise<void> {
  const namespace = job.metadata.namespace!;
  const pod = (job.spec as { template: { spec: Parameters<typeof podFootprint>[0] } }).template.spec;
  const need = podFootprint(pod);
  const problems: string[] = [];
  for (const quota of (await client.list('v1', 'ResourceQuota', namespace, '')) as unknown as QuotaStatus[]) {
    const { hard = {}, used = {} } = quota.status ?? {};
    for (const measure of MEASURES) {
      if (hard[measure.key] === undefined || used[measure.key] === undefined) continue;
      const left = measure.parse(hard[measure.key]) - measure.parse(used[measure.key]);
      if (measure.need(need) > left) problems.push(`${measure.key} ${used[measure.key]} used of ${hard[measure.key]}, the pod needs ${measure.show(measure.need(need))}`);
    }
    if (problems.length > 0) {
      throw new Error(`Job ${namespace}/${job.metadata.name} would not fit ResourceQuota ${namespace}/${quota.metadata.name} (${problems.join('; ')}); wait for a rollout in ${namespace} to finish, or raise the quota, then run again`);
    }
  }
}
