/**
 * Deterministic placement of shared tenants on free-tier shards and of
 * dedicated tenants, bricks and customers on clusters: pins are kept,
 * capacities hold, and appending an item (what `tenant add` and the
 * marketplace do) never moves another.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeOnClusters } from '../../src/platform/clusters.js';
import { firstFit } from '../../src/platform/first-fit.js';
import { definePlatform } from '../../src/platform/load.js';
import type { PlatformInput, TenantInput } from '../../src/platform/schema.js';
import { freeTierShards } from '../../src/platform/shards.js';

describe('firstFit', () => {
  it('seats pinned items first, then the others in list order into the first bin with room', () => {
    expect(firstFit([undefined, undefined, 1, undefined, undefined], [2, 2, 1])).toEqual({ assigned: [0, 0, 1, 1, 2], load: [2, 2, 1] });
  });

  it('leaves items without a seat unassigned, and a pin naming no bin takes no seat', () => {
    expect(firstFit([undefined, -1, undefined, undefined], [1, 1]).assigned).toEqual([0, undefined, 1, undefined]);
  });

  it('treats Infinity as no limit', () => {
    expect(firstFit([undefined, undefined, undefined], [1, Infinity]).assigned).toEqual([0, 1, 1]);
  });
});

/** A platform file's shared tenants: some pinned to a shard. */
const sharedTenants = (shards: number) => fc.array(fc.option(fc.integer({ min: 1, max: shards }), { nil: undefined, freq: 4 }), { maxLength: 30 })
  .map((pins) => pins.map((shard, index): TenantInput => ({ id: `t${index}`, name: `T${index}`, tier: index % 3 === 0 ? 'demo' : 'free', ...(shard ? { shard } : {}) })));

const shardOfEach = (input: PlatformInput): Map<string, number> => {
  const platform = definePlatform(input);
  return new Map(freeTierShards(platform).flatMap((shard) => shard.tenants.map((tenant) => [tenant.id, shard.shard] as const)));
};

/** Valid inputs only: capacity is large enough for every tenant, pins included. */
const roomy = (shards: number, tenants: readonly TenantInput[]): number => Math.max(1, ...Array.from({ length: shards }, (_, shard) => tenants.filter((t) => t.shard === shard + 1).length), Math.ceil((tenants.length + 1) / shards));

describe('free-tier shards', () => {
  it('first-fit in platform-file order: 2 per shard, a pinned tenant keeps its shard', () => {
    const map = shardOfEach({ freeTier: { maxTenants: 2, shards: 3 }, tenants: [
      { id: 'a', name: 'A', tier: 'free' }, { id: 'b', name: 'B', tier: 'free', shard: 3 }, { id: 'c', name: 'C', tier: 'demo' },
      { id: 'd', name: 'D', tier: 'free' }, { id: 'p', name: 'P', tier: 'professional' }, { id: 'e', name: 'E', tier: 'free' },
    ] });
    expect(Object.fromEntries(map)).toEqual({ a: 1, c: 1, d: 2, e: 2, b: 3 });
  });

  it('property: appending a shared tenant never moves another; pins hold; no shard exceeds maxTenants (300 runs)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 }).chain((shards) => fc.tuple(fc.constant(shards), sharedTenants(shards))),
      (slack, [shards, tenants]) => {
        const maxTenants = roomy(shards, tenants) + slack;
        const added: TenantInput = { id: 'newcomer', name: 'New', tier: 'free' };
        const before = shardOfEach({ freeTier: { maxTenants, shards }, tenants });
        const after = shardOfEach({ freeTier: { maxTenants, shards }, tenants: [...tenants, added] });
        for (const [id, shard] of before) expect(after.get(id)).toBe(shard);
        expect(after.has('newcomer')).toBe(true);
        for (const tenant of tenants) if (tenant.shard) expect(after.get(tenant.id)).toBe(tenant.shard);
        const loads = [...after.values()].reduce((counts, shard) => counts.set(shard, (counts.get(shard) ?? 0) + 1), new Map<number, number>());
        for (const load of loads.values()) expect(load).toBeLessThanOrEqual(maxTenants);
      }), { numRuns: 300 });
  });

  it('property: the same platform file places every tenant the same way (determinism)', () => {
    fc.assert(fc.property(sharedTenants(3), (tenants) => {
      const input: PlatformInput = { freeTier: { maxTenants: 40, shards: 3 }, tenants };
      expect([...shardOfEach(input)]).toEqual([...shardOfEach(structuredClone(input))]);
    }), { numRuns: 100 });
  });
});

const clusterNames = ['eu-1', 'eu-2', 'us-1'] as const;

/** Dedicated tenants, bricks and customers, some pinned to a cluster. */
const fleet: fc.Arbitrary<FleetSpec> = fc.record({
  tenants: fc.array(fc.option(fc.constantFrom(...clusterNames), { nil: undefined, freq: 3 }), { maxLength: 15 }),
  bricks: fc.array(fc.option(fc.constantFrom(...clusterNames), { nil: undefined, freq: 3 }), { maxLength: 8 }),
  customers: fc.array(fc.option(fc.constantFrom(...clusterNames), { nil: undefined, freq: 3 }), { maxLength: 8 }),
  capacity: fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })),
});

interface FleetSpec {
  readonly tenants: ReadonlyArray<string | undefined>;
  readonly bricks: ReadonlyArray<string | undefined>;
  readonly customers: ReadonlyArray<string | undefined>;
  readonly capacity: readonly [number, number];
}

function fleetInput(spec: FleetSpec, extra: { tenant?: boolean; brick?: boolean; customer?: boolean } = {}): PlatformInput {
  const tenants = spec.tenants.map((cluster, index): TenantInput => ({ id: `d${index}`, name: `D${index}`, tier: 'professional', ...(cluster ? { cluster } : {}) }));
  if (extra.tenant) tenants.push({ id: 'newcomer', name: 'New', tier: 'enterprise' });
  const bricks = spec.bricks.map((cluster, index) => ({ customer: `b${index}`, app: 'suitecrm' as const, ...(cluster ? { cluster } : {}) }));
  if (extra.brick) bricks.push({ customer: 'newcomer', app: 'suitecrm' });
  const customers = spec.customers.map((cluster, index) => ({ id: `c${index}`, email: 'c@example.com', companyName: 'C', ...(cluster ? { cluster } : {}) }));
  if (extra.customer) customers.push({ id: 'newcomer', email: 'n@example.com', companyName: 'N' });
  // The first two clusters are limited (never below what is pinned to them, which would be invalid); the last takes the rest.
  const limited = (name: string, limit: number) => ({
    name,
    maxTenants: Math.max(limit, spec.tenants.filter((c) => c === name).length),
    maxBricks: Math.max(limit, spec.bricks.filter((c) => c === name).length),
    maxCustomers: Math.max(limit, spec.customers.filter((c) => c === name).length),
  });
  return {
    clusters: [limited('eu-1', spec.capacity[0]), limited('eu-2', spec.capacity[1]), { name: 'us-1' }],
    tenants, bricks: { instances: bricks }, customers: { instances: customers },
  };
}

const placements = (input: PlatformInput): Map<string, string | undefined> => new Map(placeOnClusters(definePlatform(input)).items.map((item) => [`${item.kind}/${item.key}`, item.cluster]));

describe('cluster placement', () => {
  it('explicit cluster wins; the others fill clusters in order within maxTenants', () => {
    const map = placements({
      clusters: [{ name: 'eu-1', maxTenants: 1 }, { name: 'us-1' }],
      tenants: [{ id: 'a', name: 'A', tier: 'professional' }, { id: 'b', name: 'B', tier: 'enterprise', cluster: 'eu-1' }, { id: 'c', name: 'C', tier: 'professional' }, { id: 'f', name: 'F', tier: 'free' }],
    });
    // b is pinned to eu-1 and takes its only seat, so a and c go to us-1; the shared tenant f has no cluster of its own.
    expect(Object.fromEntries(map)).toEqual({ 'tenant/a': 'us-1', 'tenant/b': 'eu-1', 'tenant/c': 'us-1' });
  });

  it('property: appending a tenant, a brick or a customer never moves another; pins hold; capacities hold (300 runs)', () => {
    fc.assert(fc.property(fleet, fc.constantFrom('tenant', 'brick', 'customer'), (spec, kind) => {
      const before = placements(fleetInput(spec));
      const input = fleetInput(spec, { [kind]: true });
      const after = placements(input);
      for (const [key, cluster] of before) expect(after.get(key)).toBe(cluster);
      expect(after.get(`${kind}/${kind === 'brick' ? 'newcomer-suitecrm' : 'newcomer'}`)).toBeDefined();
      spec.tenants.forEach((cluster, index) => { if (cluster) expect(after.get(`tenant/d${index}`)).toBe(cluster); });
      for (const cluster of input.clusters ?? []) {
        const on = (prefix: string) => [...after].filter(([key, placed]) => key.startsWith(prefix) && placed === cluster.name).length;
        if (cluster.maxTenants !== undefined) expect(on('tenant/')).toBeLessThanOrEqual(cluster.maxTenants);
        if (cluster.maxBricks !== undefined) expect(on('brick/')).toBeLessThanOrEqual(cluster.maxBricks);
        if (cluster.maxCustomers !== undefined) expect(on('customer/')).toBeLessThanOrEqual(cluster.maxCustomers);
      }
    }), { numRuns: 300 });
  });
});
