/**
 * Many clusters: which cluster runs each dedicated tenant, brick and customer
 * instance. An explicit `cluster` wins; the others go first-fit in
 * platform-file order over the clusters in their declared order, within each
 * cluster's capacity, so adding one never moves another. The first cluster is
 * home: it runs the system, the free tier, the HelpManager and Argo CD.
 */
import { firstFit } from './first-fit.js';
import { brickNamespace } from './naming.js';
import { dedicatedTenants } from './plan.js';
import type { ClusterConfig, Platform } from './schema.js';

export type PlacedKind = 'tenant' | 'brick' | 'customer';

/** The capacity field of each kind, for messages. */
export const CAPACITY_FIELD: Record<PlacedKind, 'maxTenants' | 'maxBricks' | 'maxCustomers'> = { tenant: 'maxTenants', brick: 'maxBricks', customer: 'maxCustomers' };

/** One placed item: what it is, where it is in the platform file, and its cluster. */
export interface PlacedItem {
  readonly kind: PlacedKind;
  /** Tenant id, brick namespace or customer id. */
  readonly key: string;
  /** Path of the item in the platform file, e.g. `['tenants', 3]`. */
  readonly at: readonly PropertyKey[];
  readonly pinned?: string;
  /** Undefined when no cluster had room or the pin names no cluster. */
  readonly cluster?: string;
}

export interface ClusterPlacement {
  /** Declared clusters; empty when the platform declares none. */
  readonly clusters: readonly ClusterConfig[];
  /** The first cluster, or undefined without clusters. */
  readonly home?: string;
  readonly items: readonly PlacedItem[];
  /** Cluster of an item (`tenant`: id, `brick`: namespace, `customer`: id), or undefined. */
  clusterOf(kind: PlacedKind, key: string): string | undefined;
}

export function clusterContext(cluster: ClusterConfig): string {
  return cluster.context ?? cluster.name;
}

export function placeOnClusters(platform: Platform): ClusterPlacement {
  const clusters = platform.clusters ?? [];
  const items: PlacedItem[] = [];
  const index = new Map<string, PlacedItem>();
  const place = (kind: PlacedKind, entries: ReadonlyArray<{ key: string; at: readonly PropertyKey[]; pinned?: string }>) => {
    // -1: a pin naming no cluster takes no seat (validation reports it).
    const pins = entries.map((entry) => (entry.pinned === undefined ? undefined : clusters.findIndex((cluster) => cluster.name === entry.pinned)));
    const { assigned } = firstFit(pins, clusters.map((cluster) => cluster[CAPACITY_FIELD[kind]] ?? Infinity));
    entries.forEach((entry, at) => {
      const bin = assigned[at];
      const item: PlacedItem = { kind, ...entry, cluster: bin === undefined ? undefined : clusters[bin].name };
      items.push(item);
      index.set(`${kind}/${entry.key}`, item);
    });
  };
  const dedicated = new Set(dedicatedTenants(platform));
  place('tenant', platform.tenants.flatMap((tenant, at) => (dedicated.has(tenant) ? [{ key: tenant.id, at: ['tenants', at], pinned: tenant.cluster }] : [])));
  place('brick', (platform.bricks?.instances ?? []).map((brick, at) => ({ key: brickNamespace(brick.customer, brick.app), at: ['bricks', 'instances', at], pinned: brick.cluster })));
  place('customer', (platform.customers?.instances ?? []).map((customer, at) => ({ key: customer.id, at: ['customers', 'instances', at], pinned: customer.cluster })));
  return {
    clusters,
    home: clusters[0]?.name,
    items,
    clusterOf: (kind, key) => index.get(`${kind}/${key}`)?.cluster,
  };
}
