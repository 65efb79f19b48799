/**
 * The pins an edit of the platform file writes so that no item changes
 * cluster: removing an item, or making a shared tenant dedicated, moves
 * nothing that was placed before, and the pins never overfill a cluster.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeOnClusters } from '../../src/platform/clusters.js';
import { keepPlacement, pinPlatform, placementPins, type ClusterPin } from '../../src/platform/keep-placement.js';
import { definePlatform } from '../../src/platform/load.js';
import type { Platform, PlatformInput, TenantInput } from '../../src/platform/schema.js';

const clusterOf = (platform: Platform): Map<string, string | undefined> => new Map(placeOnClusters(platform).items.map((item) => [`${item.kind}/${item.key}`, item.cluster]));

describe('placementPins', () => {
  const bricks = (...names: string[]): PlatformInput => ({
    clusters: [{ name: 'eu-1', maxBricks: 1 }, { name: 'us-1' }],
    bricks: { instances: names.map((customer) => ({ customer, app: 'suitecrm' as const })) },
  });

  it('removing the first brick: the others are pinned where they run, one after the other (pinning b frees eu-1 for c)', () => {
    const before = definePlatform(bricks('a', 'b', 'c'));
    const after = definePlatform(bricks('b', 'c'));
    expect(Object.fromEntries(clusterOf(after))).toEqual({ 'brick/b-suitecrm': 'eu-1', 'brick/c-suitecrm': 'us-1' });
    const pins = placementPins(before, after);
    expect(pins).toEqual([
      { kind: 'brick', name: 'b-suitecrm', cluster: 'us-1', reason: 'kept', at: ['bricks', 'instances', 0] },
      { kind: 'brick', name: 'c-suitecrm', cluster: 'us-1', reason: 'kept', at: ['bricks', 'instances', 1] },
    ]);
    expect(Object.fromEntries(clusterOf(pinPlatform(after, pins)))).toEqual({ 'brick/b-suitecrm': 'us-1', 'brick/c-suitecrm': 'us-1' });
  });

  it('pins a new item where it lands, and a subject even when it existed; nothing without clusters', () => {
    const before = definePlatform(bricks('a'));
    expect(placementPins(before, definePlatform(bricks('a', 'b')))).toEqual([{ kind: 'brick', name: 'b-suitecrm', cluster: 'us-1', reason: 'placed', at: ['bricks', 'instances', 1] }]);
    expect(placementPins(before, before, [{ kind: 'brick', name: 'a-suitecrm' }])).toEqual([{ kind: 'brick', name: 'a-suitecrm', cluster: 'eu-1', reason: 'placed', at: ['bricks', 'instances', 0] }]);
    const flat = (input: PlatformInput) => definePlatform({ ...input, clusters: undefined });
    expect(placementPins(flat(bricks('a', 'b')), flat(bricks('b')), [{ kind: 'brick', name: 'b-suitecrm' }])).toEqual([]);
  });

  it('keepPlacement writes the pins into the file, comments and order kept', () => {
    const before = 'clusters:\n  - { name: eu-1, maxBricks: 1 }\n  - { name: us-1 }\nbricks:\n  instances:\n    - { customer: a, app: suitecrm }\n    # the second brick\n    - customer: b\n      app: suitecrm\n';
    const after = before.replace('    - { customer: a, app: suitecrm }\n', '');
    const kept = keepPlacement(before, after);
    expect(kept.text).toBe(after.replace('      app: suitecrm\n', '      app: suitecrm\n      cluster: us-1\n'));
    expect(kept.pinned.map((pin) => `${pin.name}:${pin.cluster}:${pin.reason}`)).toEqual(['b-suitecrm:us-1:kept']);
    // An invalid file before the edit has nothing to keep: the edit may be what fixes it.
    expect(keepPlacement('clusters: 3\n', after).pinned).toEqual([]);
  });
});

const clusterNames = ['eu-1', 'eu-2', 'us-1'] as const;
const pin = fc.option(fc.constantFrom(...clusterNames), { nil: undefined, freq: 3 });

/** Tenants (some shared), bricks and customers, some pinned; two limited clusters and one without limits. */
interface Fleet {
  readonly tenants: ReadonlyArray<{ readonly shared: boolean; readonly cluster?: string }>;
  readonly bricks: ReadonlyArray<string | undefined>;
  readonly customers: ReadonlyArray<string | undefined>;
  readonly capacity: readonly [number, number];
}

const fleet: fc.Arbitrary<Fleet> = fc.record({
  tenants: fc.array(fc.record({ shared: fc.boolean() }).chain(({ shared }): fc.Arbitrary<Fleet['tenants'][number]> => (shared ? fc.constant({ shared }) : pin.map((cluster) => ({ shared, cluster })))), { maxLength: 12 }),
  bricks: fc.array(pin, { maxLength: 8 }),
  customers: fc.array(pin, { maxLength: 8 }),
  capacity: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })),
});

function fleetInput(spec: Fleet): PlatformInput {
  const pinnedTo = (list: ReadonlyArray<string | undefined>, name: string) => list.filter((cluster) => cluster === name).length;
  const tenantPins = spec.tenants.map((tenant) => tenant.cluster);
  const limited = (name: string, limit: number) => ({
    name,
    maxTenants: Math.max(limit, pinnedTo(tenantPins, name)),
    maxBricks: Math.max(limit, pinnedTo(spec.bricks, name)),
    maxCustomers: Math.max(limit, pinnedTo(spec.customers, name)),
  });
  return {
    clusters: [limited('eu-1', spec.capacity[0]), limited('eu-2', spec.capacity[1]), { name: 'us-1' }],
    tenants: spec.tenants.map((tenant, index): TenantInput => ({ id: `t${index}`, name: `T${index}`, tier: tenant.shared ? 'free' : 'professional', ...(tenant.cluster ? { cluster: tenant.cluster } : {}) })),
    bricks: { instances: spec.bricks.map((cluster, index) => ({ customer: `b${index}`, app: 'suitecrm' as const, ...(cluster ? { cluster } : {}) })) },
    customers: { instances: spec.customers.map((cluster, index) => ({ id: `c${index}`, email: 'c@example.com', companyName: 'C', ...(cluster ? { cluster } : {}) })) },
  };
}

type Edit = { readonly remove: 'tenants' | 'bricks' | 'customers'; readonly at: number } | { readonly dedicate: number } | { readonly share: number };

/** What our commands do to a platform file: brick delete, tenant upgrade (shared -> dedicated), tenant update to a shared tier. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ remove: fc.constantFrom('tenants' as const, 'bricks' as const, 'customers' as const), at: fc.nat(20) }),
  fc.record({ dedicate: fc.nat(20) }),
  fc.record({ share: fc.nat(20) }),
);

function edited(input: PlatformInput, change: Edit): PlatformInput {
  const tenants = [...(input.tenants ?? [])];
  if ('remove' in change) {
    if (change.remove === 'tenants') return { ...input, tenants: tenants.filter((_, index) => index !== change.at % Math.max(1, tenants.length)) };
    const list = [...(input[change.remove]?.instances ?? [])];
    list.splice(change.at % Math.max(1, list.length), 1);
    return { ...input, [change.remove]: { instances: list } };
  }
  const index = ('dedicate' in change ? change.dedicate : change.share) % Math.max(1, tenants.length);
  if (!tenants[index]) return input;
  const { cluster: _cluster, ...tenant } = tenants[index];
  tenants[index] = 'dedicate' in change ? { ...tenants[index], placement: 'dedicated' } : { ...tenant, tier: 'free' };
  return { ...input, tenants };
}

describe('property: an edit with its pins moves nothing', () => {
  it('every item placed before keeps its cluster; a new one is pinned where it lands; capacities hold (400 runs)', () => {
    fc.assert(fc.property(fleet, edit, (spec, change) => {
      const input = fleetInput(spec);
      const before = definePlatform(input);
      const after = definePlatform(edited(input, change));
      const pins = placementPins(before, after);
      // Validation (capacities, pins naming clusters) passes on the pinned platform.
      const result = definePlatform(pinPlatform(after, pins));
      const was = clusterOf(before);
      const now = clusterOf(result);
      for (const [key, cluster] of was) if (now.has(key)) expect(now.get(key), key).toBe(cluster);
      for (const { kind, name, cluster, reason } of pins) {
        const key = `${kind}/${name}`;
        expect(now.get(key)).toBe(cluster);
        expect(reason).toBe(was.has(key) ? 'kept' : 'placed');
      }
      // No pins where nothing would have moved.
      const moved = [...clusterOf(after)].some(([key, cluster]) => was.has(key) && was.get(key) !== cluster);
      if (!moved) expect(pins.filter((p) => p.reason === 'kept')).toEqual([]);
    }), { numRuns: 400 });
  });

  it('pinning items where first-fit placed them moves no other item (300 runs)', () => {
    fc.assert(fc.property(fleet, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (spec, chosen) => {
      const platform = definePlatform(fleetInput(spec));
      const items = placeOnClusters(platform).items;
      const pins: ClusterPin[] = items.flatMap((item, index) => (chosen[index % chosen.length] && item.cluster && !item.pinned ? [{ kind: item.kind, name: item.key, cluster: item.cluster, reason: 'placed' as const, at: item.at }] : []));
      expect([...clusterOf(pinPlatform(platform, pins))]).toEqual([...clusterOf(platform)]);
    }), { numRuns: 300 });
  });
});
