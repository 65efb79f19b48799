/**
 * Which clusters a cluster command talks to, each through its own kubeconfig
 * context: every declared cluster that runs a chosen instance (`--cluster`
 * narrows to one), or the one cluster of the kubeconfig when the platform
 * declares none.
 */
import { UsageError } from '../errors.js';
import { clusterContext } from '../platform/clusters.js';
import type { Platform } from '../platform/schema.js';

export interface ClusterTargetFlags {
  readonly cluster?: string;
  readonly context?: string;
}

export interface ClusterTarget {
  /** clusters[].name; undefined when the platform declares no clusters. */
  readonly cluster?: string;
  /** kubeconfig context. @default - the kubeconfig's current context */
  readonly context?: string;
}

/**
 * @param hosting the clusters that run at least one chosen instance (unit.cluster of the selected units)
 */
export function clusterTargets(platform: Platform, flags: ClusterTargetFlags, hosting: ReadonlySet<string | undefined>): ClusterTarget[] {
  const clusters = platform.clusters ?? [];
  const names = clusters.map((cluster) => cluster.name);
  if (clusters.length === 0) {
    if (flags.cluster !== undefined) throw new UsageError(`--cluster "${flags.cluster}": the platform declares no clusters; remove --cluster (or declare clusters: in the platform file)`);
    return [{ context: flags.context }];
  }
  if (flags.cluster !== undefined && !names.includes(flags.cluster)) {
    throw new UsageError(`--cluster "${flags.cluster}" is not a declared cluster (clusters: ${names.join(', ')})`);
  }
  const chosen = clusters.filter((cluster) => (flags.cluster === undefined || cluster.name === flags.cluster) && hosting.has(cluster.name));
  if (flags.cluster !== undefined && chosen.length === 0) throw new UsageError(`none of the chosen instances runs on cluster ${flags.cluster}; choose others or another --cluster`);
  if (flags.context !== undefined && chosen.length > 1) {
    throw new UsageError(`--context "${flags.context}" would talk to ${chosen.length} clusters (${chosen.map((c) => c.name).join(', ')}) through one context; add --cluster NAME to override one cluster's context`);
  }
  return chosen.map((cluster) => ({ cluster: cluster.name, context: flags.context ?? clusterContext(cluster) }));
}

export interface ClusterConnectionFlags extends ClusterTargetFlags {
  readonly kubeconfig?: string;
}

/** Results of one cluster, tagged with it when the platform declares clusters. */
export type OnCluster<T> = T & { readonly cluster?: string };

/**
 * Runs `run` once per target cluster, in the platform file's order, with a
 * client connected through that cluster's context; the chosen instances are
 * checked (and unknown names refused) before any connection is made.
 */
export async function perCluster<T extends object>(
  platform: Platform, flags: ClusterConnectionFlags, instances: readonly string[], detail: ((text: string) => void) | undefined,
  run: (client: import('../apply/objects.js').ObjectClient, cluster: string | undefined) => Promise<readonly T[]>,
): Promise<Array<OnCluster<T>>> {
  const { selectUnits } = await import('../apply/apply-platform.js');
  const { connectClient } = await import('./cluster-client.js');
  const targets = clusterTargets(platform, flags, new Set(selectUnits(platform, instances).map((unit) => unit.cluster)));
  const results: Array<OnCluster<T>> = [];
  for (const target of targets) {
    if (target.cluster !== undefined) detail?.(`cluster ${target.cluster}: context ${target.context}`);
    const client = await connectClient({ kubeconfig: flags.kubeconfig, context: target.context }, detail);
    for (const result of await run(client, target.cluster)) results.push(target.cluster === undefined ? result : { ...result, cluster: target.cluster });
  }
  return results;
}

/** How a result names its instance in tables: `tenant-acme`, or `tenant-acme (cluster eu-1)` with clusters. */
export function instanceLabel(result: { readonly instance: string; readonly cluster?: string }): string {
  return result.cluster === undefined ? result.instance : `${result.instance} (cluster ${result.cluster})`;
}

/**
 * The client of the cluster that runs a tenant: its placed cluster (a shared
 * tenant's is home, with the free tier), through that cluster's context unless
 * --context; the kubeconfig's own cluster when the platform declares none.
 */
export async function connectTenantCluster(platform: Platform, tenantId: string, flags: ClusterConnectionFlags, detail?: (text: string) => void): Promise<import('../apply/objects.js').ObjectClient> {
  const { placeOnClusters } = await import('../platform/clusters.js');
  const placement = placeOnClusters(platform);
  return connectCluster(platform, placement.clusterOf('tenant', tenantId) ?? placement.home, flags, detail);
}

/**
 * The cluster a tenant provisioned now lands on: the first cluster with a free
 * seat for a dedicated tenant (provisioning makes every tenant dedicated, demo
 * and free ones included), which is where first-fit places it once appended;
 * undefined when the platform declares no clusters. `tenant provision` pins it
 * in the platform file, so removing an earlier tenant never moves this one.
 */
export async function placeNewTenant(platform: Platform): Promise<string | undefined> {
  const clusters = platform.clusters ?? [];
  if (clusters.length === 0) return undefined;
  const { placeOnClusters } = await import('../platform/clusters.js');
  const load = new Map<string, number>();
  for (const item of placeOnClusters(platform).items) if (item.kind === 'tenant' && item.cluster) load.set(item.cluster, (load.get(item.cluster) ?? 0) + 1);
  const room = clusters.find((candidate) => (load.get(candidate.name) ?? 0) < (candidate.maxTenants ?? Infinity));
  if (!room) throw new UsageError(`no cluster has room for another dedicated tenant (maxTenants: ${clusters.map((c) => `${c.name} ${c.maxTenants}`).join(', ')}); add a cluster or raise clusters[].maxTenants`);
  return room.name;
}

/**
 * A client per tenant for commands that work through many tenants (fleet
 * upgrade): each tenant's cluster through its context, one connection per
 * cluster; the kubeconfig's own cluster for all when the platform declares none.
 * `--context` is refused when the tenants span several clusters.
 */
export async function tenantClients(platform: Platform, tenantIds: readonly string[], flags: ClusterConnectionFlags, detail?: (text: string) => void): Promise<(tenantId: string) => Promise<import('../apply/objects.js').ObjectClient>> {
  const { connectClient } = await import('./cluster-client.js');
  const clusters = platform.clusters ?? [];
  if (clusters.length === 0) {
    const client = await connectClient(flags, detail);
    return async () => client;
  }
  const { placeOnClusters } = await import('../platform/clusters.js');
  const placement = placeOnClusters(platform);
  const clusterOf = (tenantId: string): string => placement.clusterOf('tenant', tenantId) ?? clusters[0].name;
  const hosting = new Set(tenantIds.map(clusterOf));
  if (flags.context !== undefined && hosting.size > 1) {
    throw new UsageError(`--context "${flags.context}" would reach ${hosting.size} clusters (${[...hosting].join(', ')}) through one context; drop --context: each tenant's cluster is reached through its clusters[].context`);
  }
  const targets = clusterTargets(platform, { context: flags.context }, hosting);
  const connections = new Map<string, Promise<import('../apply/objects.js').ObjectClient>>();
  return (tenantId) => {
    const cluster = clusterOf(tenantId);
    const target = targets.find((t) => t.cluster === cluster);
    if (!target) return Promise.reject(new UsageError(`tenant ${tenantId} runs on cluster ${cluster}, which this command does not reach`));
    let connection = connections.get(cluster);
    if (!connection) {
      detail?.(`cluster ${cluster}: context ${target.context}`);
      connection = connectClient({ kubeconfig: flags.kubeconfig, context: target.context }, detail);
      connections.set(cluster, connection);
    }
    return connection;
  };
}

/**
 * The client of one named cluster (clusters[].name) through its context unless
 * --context; the kubeconfig's own cluster (or --context) when `cluster` is
 * undefined, as for an instance no longer in the platform file.
 */
export async function connectCluster(platform: Platform, cluster: string | undefined, flags: ClusterConnectionFlags, detail?: (text: string) => void): Promise<import('../apply/objects.js').ObjectClient> {
  const { connectClient } = await import('./cluster-client.js');
  const declared = (platform.clusters ?? []).find((candidate) => candidate.name === cluster);
  if (!declared) return connectClient(flags, detail);
  const context = flags.context ?? clusterContext(declared);
  detail?.(`cluster ${declared.name}: context ${context}`);
  return connectClient({ kubeconfig: flags.kubeconfig, context }, detail);
}
