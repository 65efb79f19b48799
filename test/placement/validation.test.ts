/** Bad shard and cluster settings: one problem per mistake, named by path and value, with what to do; exit 2 from the CLI. */
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/in-process.js';
import { platformProblems as problems } from '../support/platform-problems.js';

const free = (count: number, extra = '') => Array.from({ length: count }, (_, i) => `  - { id: f${i}, name: F${i}, tier: free${extra} }`).join('\n');

describe('free-tier shards: bad input', () => {
  it('fails when shared tenants exceed the shards\' total capacity, naming freeTier.shards and the shard count that fits', () => {
    expect(problems(`freeTier: { maxTenants: 2, shards: 2 }\ntenants:\n${free(5)}\n`)).toEqual([
      'freeTier.shards: 5 tenants are placed on the shared free tier but 2 shards of maxTenants 2 hold 4; add a shard: freeTier.shards: 3, raise maxTenants or move 1 tenant to a dedicated placement',
    ]);
  });

  it('fails for a shard above freeTier.shards, a shard on a dedicated tenant, and too many pins on one shard', () => {
    expect(problems(`freeTier: { maxTenants: 1, shards: 2 }\ntenants:\n  - { id: a, name: A, tier: free, shard: 3 }\n  - { id: p, name: P, tier: professional, shard: 1 }\n`)).toEqual([
      'tenants[0].shard: 3 is above freeTier.shards (2); pin a shard from 1 to 2 or declare freeTier.shards: 3',
      'tenants[1].shard: tenant "p" is dedicated; only shared free-tier tenants have a shard, remove "shard"',
    ]);
    expect(problems(`freeTier: { maxTenants: 1, shards: 2 }\ntenants:\n${free(2, ', shard: 2')}\n`)).toEqual([
      'tenants[1].shard: 2 tenants are pinned to shard 2 but freeTier.maxTenants is 1; pin 1 tenant to another shard or remove their "shard"',
    ]);
  });

  it('fails for shards: 0 and a shard that is not a whole number', () => {
    expect(problems('freeTier: { shards: 0 }\n')).toEqual(['freeTier.shards: 0 is below the minimum 1']);
    expect(problems(`tenants:\n  - { id: a, name: A, tier: free, shard: "two" }\n`)).toEqual(['tenants[0].shard: expected a number, got "two"']);
  });
});

const clusters = 'clusters:\n  - { name: eu-1, maxTenants: 1 }\n  - { name: us-1, context: prod-us, maxBricks: 0 }\n';

describe('clusters: bad input', () => {
  it('fails for a cluster field naming no declared cluster, and for one when no clusters are declared', () => {
    expect(problems(`${clusters}tenants:\n  - { id: acme, name: A, tier: professional, cluster: mars }\n`)).toEqual([
      'tenants[0].cluster: "mars" is not a declared cluster (clusters: eu-1, us-1)',
    ]);
    expect(problems('customers:\n  instances:\n    - { id: c1, email: c@example.com, companyName: C, cluster: eu-1 }\n')).toEqual([
      'customers.instances[0].cluster: "eu-1" names a cluster but the platform declares none; add clusters: [{ name: eu-1 }] or remove "cluster"',
    ]);
  });

  it('fails for duplicate names and contexts, and a cluster on a shared tenant', () => {
    expect(problems('clusters:\n  - { name: eu-1 }\n  - { name: eu-1, context: other }\n  - { name: eu-2, context: eu-1 }\ntenants:\n  - { id: f, name: F, tier: free, cluster: eu-2 }\n')).toEqual([
      'clusters[1].name: "eu-1" is already used by clusters[0]; cluster names must be unique',
      'clusters[2].context: "eu-1" is already the context of clusters[0] (eu-1); each cluster needs its own kubeconfig context',
      'tenants[0].cluster: tenant "f" is shared: the free tier on the home cluster eu-1 serves it; remove "cluster" or set placement: dedicated',
    ]);
  });

  it('fails for cluster labels Kubernetes would reject, naming the key', () => {
    expect(problems('clusters:\n  - { name: eu-1, labels: { "bad key": x, region: "eu west", "example.com/tier": gold } }\n')).toEqual([
      'clusters[0].labels.bad key: "bad key" is not a label key (an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit)',
      'clusters[0].labels.region: "eu west" is not a label value (at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit)',
    ]);
  });

  it('fails when pins exceed a cluster\'s capacity, and when no cluster has room left', () => {
    expect(problems(`${clusters}tenants:\n  - { id: a, name: A, tier: professional, cluster: eu-1 }\n  - { id: b, name: B, tier: professional, cluster: eu-1 }\n`)).toEqual([
      'clusters[0].maxTenants: 2 dedicated tenants are pinned to eu-1 but maxTenants is 1; raise clusters[0].maxTenants or pin some elsewhere',
    ]);
    expect(problems('clusters:\n  - { name: eu-1, maxBricks: 1 }\nbricks:\n  instances:\n    - { customer: a, app: suitecrm }\n    - { customer: b, app: owncloud }\n')).toEqual([
      'clusters: 2 bricks but the clusters hold fewer (maxBricks: eu-1 1); bricks.instances[1] "b-owncloud" has no cluster: add a cluster or raise maxBricks',
    ]);
  });

  it('the CLI exits 2, names the field and the value, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saas-charts-placement-'));
    const file = join(dir, 'platform.yaml');
    writeFileSync(file, `freeTier: { maxTenants: 1 }\ntenants:\n${free(3)}\n  - { id: acme, name: A, tier: professional, cluster: eu-9 }\n`);
    const run = await cli(['synth', '--platform', file, '--out', join(dir, 'dist')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('freeTier.maxTenants: 3 tenants are placed on the shared free tier but maxTenants is 1; add a shard: freeTier.shards: 3');
    expect(run.stderr).toContain('tenants[3].cluster: "eu-9" names a cluster but the platform declares none');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});
