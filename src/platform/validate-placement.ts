/** Placement rules of the whole platform file: free-tier shards and clusters, their pins and capacities. */
import { CAPACITY_FIELD, clusterContext, placeOnClusters, type PlacedKind } from './clusters.js';
import { formatPath, problemAt as problem, type PlatformProblem } from './issues.js';
import { sharedTenants } from './plan.js';
import type { Platform } from './schema.js';
import { tenantPlacement } from './tenants.js';

/** Cluster names become `cluster-{name}` Argo CD Applications and ApplySet ids: keep room for the prefix. */
export const MAX_CLUSTER_NAME_LENGTH = 50;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function placementProblems(platform: Platform): PlatformProblem[] {
  return [...shardProblems(platform), ...clusterProblems(platform)];
}

function shardProblems(platform: Platform): PlatformProblem[] {
  const problems: PlatformProblem[] = [];
  const { shards, maxTenants } = platform.freeTier;
  const pinned = new Map<number, number[]>();
  platform.tenants.forEach((tenant, index) => {
    if (tenant.shard === undefined) return;
    const at = ['tenants', index, 'shard'];
    if (tenantPlacement(tenant) !== 'shared') problems.push(problem(at, `tenant "${tenant.id}" is dedicated; only shared free-tier tenants have a shard, remove "shard"`));
    else if (tenant.shard > shards) problems.push(problem(at, `${tenant.shard} is above freeTier.shards (${shards}); pin a shard from 1 to ${shards} or declare freeTier.shards: ${tenant.shard}`));
    else pinned.set(tenant.shard, [...(pinned.get(tenant.shard) ?? []), index]);
  });
  for (const [shard, indexes] of [...pinned].sort(([a], [b]) => a - b)) {
    if (indexes.length <= maxTenants) continue;
    problems.push(problem(['tenants', indexes[maxTenants], 'shard'], `${indexes.length} tenants are pinned to shard ${shard} but freeTier.maxTenants is ${maxTenants}; pin ${plural(indexes.length - maxTenants, 'tenant')} to another shard or remove their "shard"`));
  }
  const shared = sharedTenants(platform).length;
  const capacity = shards * maxTenants;
  if (shared > capacity) {
    const needed = Math.ceil(shared / maxTenants);
    const over = shared - capacity;
    const held = shards === 1 ? `maxTenants is ${maxTenants}` : `${shards} shards of maxTenants ${maxTenants} hold ${capacity}`;
    problems.push(problem(['freeTier', shards === 1 ? 'maxTenants' : 'shards'],
      `${shared} tenants are placed on the shared free tier but ${held}; add a shard: freeTier.shards: ${needed}, raise maxTenants or move ${plural(over, 'tenant')} to a dedicated placement`));
  }
  return problems;
}

/** Kubernetes label syntax (apimachinery IsQualifiedName / IsValidLabelValue), so a bad label fails here, not at apply. */
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function labelProblem(key: string, value: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (!LABEL_NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix)))) {
    return `"${key}" is not a label key (an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit)`;
  }
  if (value !== '' && !LABEL_NAME.test(value)) return `"${value}" is not a label value (at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit)`;
  return undefined;
}

const KIND_WORDS: Record<PlacedKind, string> = { tenant: 'dedicated tenant', brick: 'brick', customer: 'customer instance' };

function clusterProblems(platform: Platform): PlatformProblem[] {
  const clusters = platform.clusters ?? [];
  const problems: PlatformProblem[] = [];
  const names = new Map<string, number>();
  const contexts = new Map<string, number>();
  clusters.forEach((cluster, index) => {
    if (cluster.name.length > MAX_CLUSTER_NAME_LENGTH) {
      problems.push(problem(['clusters', index, 'name'], `"${cluster.name}" is ${cluster.name.length} characters; at most ${MAX_CLUSTER_NAME_LENGTH} so that cluster-${cluster.name} fits in 63`));
    }
    const sameName = names.get(cluster.name);
    if (sameName !== undefined) problems.push(problem(['clusters', index, 'name'], `"${cluster.name}" is already used by clusters[${sameName}]; cluster names must be unique`));
    else names.set(cluster.name, index);
    for (const [key, value] of Object.entries(cluster.labels)) {
      const bad = labelProblem(key, value);
      if (bad) problems.push(problem(['clusters', index, 'labels', key], bad));
    }
    const context = clusterContext(cluster);
    const sameContext = contexts.get(context);
    if (sameContext !== undefined) problems.push(problem(['clusters', index, 'context'], `"${context}" is already the context of clusters[${sameContext}] (${clusters[sameContext].name}); each cluster needs its own kubeconfig context`));
    else contexts.set(context, index);
  });
  const known = clusters.map((cluster) => cluster.name);
  const pins: Array<{ at: PropertyKey[]; value: string }> = [];
  platform.tenants.forEach((tenant, index) => {
    if (tenant.cluster === undefined) return;
    const at = ['tenants', index, 'cluster'];
    if (tenantPlacement(tenant) === 'shared') {
      problems.push(problem(at, `tenant "${tenant.id}" is shared: the free tier on the ${known[0] ? `home cluster ${known[0]}` : 'home cluster'} serves it; remove "cluster" or set placement: dedicated`));
    } else pins.push({ at, value: tenant.cluster });
  });
  (platform.bricks?.instances ?? []).forEach((brick, index) => { if (brick.cluster !== undefined) pins.push({ at: ['bricks', 'instances', index, 'cluster'], value: brick.cluster }); });
  (platform.customers?.instances ?? []).forEach((customer, index) => { if (customer.cluster !== undefined) pins.push({ at: ['customers', 'instances', index, 'cluster'], value: customer.cluster }); });
  for (const pin of pins) {
    if (known.length === 0) problems.push(problem(pin.at, `"${pin.value}" names a cluster but the platform declares none; add clusters: [{ name: ${pin.value} }] or remove "cluster"`));
    else if (!known.includes(pin.value)) problems.push(problem(pin.at, `"${pin.value}" is not a declared cluster (clusters: ${[...new Set(known)].join(', ')})`));
  }
  if (clusters.length === 0) return problems;
  return [...problems, ...capacityProblems(platform)];
}

/** Pinned items over a cluster's capacity, and items no cluster had room for. */
function capacityProblems(platform: Platform): PlatformProblem[] {
  const clusters = platform.clusters ?? [];
  const { items } = placeOnClusters(platform);
  const problems: PlatformProblem[] = [];
  for (const kind of ['tenant', 'brick', 'customer'] as const) {
    const field = CAPACITY_FIELD[kind];
    const ofKind = items.filter((item) => item.kind === kind);
    clusters.forEach((cluster, index) => {
      const limit = cluster[field];
      const pinned = ofKind.filter((item) => item.pinned === cluster.name).length;
      if (limit !== undefined && pinned > limit) {
        problems.push(problem(['clusters', index, field], `${plural(pinned, KIND_WORDS[kind])} ${pinned === 1 ? 'is' : 'are'} pinned to ${cluster.name} but ${field} is ${limit}; raise clusters[${index}].${field} or pin some elsewhere`));
      }
    });
    const homeless = ofKind.filter((item) => item.cluster === undefined && item.pinned === undefined);
    if (homeless.length === 0) continue;
    const limits = clusters.map((cluster) => `${cluster.name} ${cluster[field] ?? 'unlimited'}`).join(', ');
    problems.push(problem(['clusters'], `${plural(ofKind.length, KIND_WORDS[kind])} but the clusters hold fewer (${field}: ${limits}); ${homeless.slice(0, 3).map((item) => `${formatPath(item.at)} "${item.key}"`).join(', ')}${homeless.length > 3 ? ', ...' : ''} ${homeless.length === 1 ? 'has' : 'have'} no cluster: add a cluster or raise ${field}`));
  }
  return problems;
}
