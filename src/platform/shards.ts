/**
 * Free-tier shards (seed 004: "provision an additional free-tier instance"):
 * each shared tenant is served by one shard, pinned with `tenants[].shard` or
 * placed first-fit in platform-file order with `freeTier.maxTenants` seats per
 * shard, so adding a tenant never moves another.
 */
import { firstFit } from './first-fit.js';
import { freeTierNamespace } from './naming.js';
import { sharedTenants } from './plan.js';
import type { Platform, TenantConfig } from './schema.js';

export interface FreeTierShard {
  /** 1-based, as in `tenants[].shard`. */
  readonly shard: number;
  readonly namespace: string;
  /** Its tenants, in platform-file order. */
  readonly tenants: readonly TenantConfig[];
}

/** Every declared shard with its tenants; a tenant with no seat (over capacity, see validation) is in none. */
export function freeTierShards(platform: Platform): FreeTierShard[] {
  const tenants = sharedTenants(platform);
  const { shards, maxTenants } = platform.freeTier;
  const { assigned } = firstFit(tenants.map((tenant) => (tenant.shard === undefined ? undefined : tenant.shard - 1)), Array.from({ length: shards }, () => maxTenants));
  return Array.from({ length: shards }, (_, index) => ({
    shard: index + 1,
    namespace: freeTierNamespace(index + 1),
    tenants: tenants.filter((_tenant, at) => assigned[at] === index),
  }));
}

/** The shard serving a shared tenant, or undefined (dedicated, unknown or without a seat). */
export function shardOf(platform: Platform, tenantId: string): FreeTierShard | undefined {
  return freeTierShards(platform).find((shard) => shard.tenants.some((tenant) => tenant.id === tenantId));
}

/** Several shards route exact hosts; one shard keeps the `*.{domain}` wildcard it always had. */
export function shardsRouteExactHosts(platform: Platform): boolean {
  return platform.freeTier.shards > 1;
}
