/**
 * Bulk upgrades: the plan (waves, tier filter, validation) and runs against
 * the fake API server, including a failing tenant in the middle of a fleet of
 * 50 and a re-run that converges.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRevisions } from '../../src/apply/revisions.js';
import { UsageError } from '../../src/errors.js';
import { runFleetUpgrade } from '../../src/fleet/upgrade.js';
import { planFleetUpgrade } from '../../src/fleet/upgrade-plan.js';
import { definePlatform } from '../../src/platform/load.js';
import type { PlatformInput } from '../../src/platform/schema.js';
import { runCliAsync } from '../support/cli.js';
import { FAST, startCluster, workDir, type Cluster } from './support.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
const fleetOf = (n: number, extra: PlatformInput['tenants'] = []) => definePlatform({ tenants: [...ids(n).map((id) => ({ id, name: id.toUpperCase(), tier: 'professional' as const })), ...extra] });

describe('planFleetUpgrade', () => {
  const platform = definePlatform({
    global: { images: { tag: 'v1.0.0', api: 'registry.example.com/pinned/api:v1.0.0' } },
    tenants: [
      { id: 'a', name: 'A', tier: 'professional' },
      { id: 'b', name: 'B', tier: 'enterprise', imageTag: 'v1.1.0' },
      { id: 'c', name: 'C', tier: 'professional' },
      { id: 'shared', name: 'Shared', tier: 'free' },
      { id: 'd', name: 'D', tier: 'professional' },
    ],
  });

  it('puts the dedicated tenants, in file order, in waves of the concurrency; shared tenants are not chart instances', () => {
    const plan = planFleetUpgrade(platform, { imageTag: 'v2.0.0', concurrency: 2 });
    expect(plan.waves.map((wave) => wave.map((t) => `${t.tenant}:${t.fromTag}->${t.toTag}`))).toEqual([['a:v1.0.0->v2.0.0', 'b:v1.1.0->v2.0.0'], ['c:v1.0.0->v2.0.0', 'd:v1.0.0->v2.0.0']]);
    expect(planFleetUpgrade(platform, { imageTag: 'v2.0.0', tier: 'professional' }).waves.map((w) => w.map((t) => t.tenant))).toEqual([['a', 'c', 'd']]);
  });

  it('renders the new tag into every tenant image, explicitly pinned ones too, and leaves the platform-wide tag alone', () => {
    const plan = planFleetUpgrade(platform, { imageTag: 'v2.0.0', tier: 'professional' });
    expect(plan.platform.global.images.tag).toBe('v1.0.0');
    expect(plan.platform.tenants.map((t) => t.imageTag)).toEqual(['v2.0.0', 'v1.1.0', 'v2.0.0', undefined, 'v2.0.0']);
  });

  it('refuses bad input naming the flag and the value', () => {
    expect(() => planFleetUpgrade(platform, { imageTag: 'latest' })).toThrow('--image-tag "latest": the floating tag "latest" is not allowed');
    expect(() => planFleetUpgrade(platform, { imageTag: 'v2', concurrency: 0 })).toThrow('--concurrency "0" must be a whole number of at least 1');
    expect(() => planFleetUpgrade(platform, { imageTag: 'v2', tier: 'gold' as never })).toThrow('--tier "gold" is not one of demo, free, professional, enterprise');
    expect(() => planFleetUpgrade(platform, { imageTag: 'v2', tier: 'demo' })).toThrow(UsageError);
  });
});

describe('fleet upgrade against the fake API server', () => {
  let cluster: Cluster;
  beforeEach(async () => {
    cluster = await startCluster();
  });
  afterEach(async () => cluster.server.stop());

  const imageOf = (tenant: string) => (cluster.server.store.get({ kind: 'Deployment', namespace: `tenant-${tenant}`, name: 'api' }) as { spec: { template: { spec: { containers: { image: string }[] } } } } | undefined)?.spec.template.spec.containers[0].image.split(':').at(-1);

  it('a bulk upgrade of 50 tenants with one failing tenant stops there and reports it; the same upgrade run again converges', async () => {
    const platform = fleetOf(50);
    const provisioned = await runFleetUpgrade(cluster.client, planFleetUpgrade(platform, { imageTag: 'v1.0.0', concurrency: 10 }), FAST);
    expect(provisioned.ok).toBe(true);
    expect(provisioned.upgraded).toHaveLength(50);

    const cure = cluster.failFrom('Deployment', 'tenant-t17');
    const plan = planFleetUpgrade(platform, { imageTag: 'v2.0.0', concurrency: 5 });
    expect(plan.waves).toHaveLength(10);
    const summary = await runFleetUpgrade(cluster.client, plan, FAST);
    expect(summary.ok).toBe(false);
    expect([summary.waves, summary.wavesRun]).toEqual([10, 4]);
    expect(summary.upgraded.map((t) => t.tenant)).toEqual(ids(20).filter((id) => id !== 't17'));
    expect(summary.failed.map((t) => [t.tenant, t.wave])).toEqual([['t17', 4]]);
    expect(summary.failed[0].error).toMatch(/^Deployment tenant-t17\/(api|web) failed: Progressing=False: ProgressDeadlineExceeded/);
    expect(summary.notAttempted.map((t) => t.tenant)).toEqual(ids(50).slice(20));
    expect(summary.notAttempted.every((t) => t.fromTag === 'v1.0.0')).toBe(true);
    // What the summary says is what the cluster holds.
    for (const id of ids(20).filter((i) => i !== 't17')) expect(imageOf(id), id).toBe('v2.0.0');
    for (const id of ids(50).slice(20)) expect(imageOf(id), id).toBe('v1.0.0');
    expect((await listRevisions(cluster.client, 'tenant-t17', 'tenant-t17')).map((r) => r.status)).toEqual(['applied', 'failed']);

    // The cause is fixed (the image can be pulled): the Deployment's controller reports it available.
    cure();
    for (const name of ['api', 'web']) cluster.server.status.ready({ kind: 'Deployment', namespace: 'tenant-t17', name });
    const rerun = await runFleetUpgrade(cluster.client, plan, FAST);
    expect(rerun.ok).toBe(true);
    expect(rerun.upgraded).toHaveLength(50);
    const byTenant = new Map(rerun.upgraded.map((t) => [t.tenant, t]));
    for (const id of ids(20)) expect(byTenant.get(id)!.changes, id).toMatchObject({ created: 0, configured: 0 });
    for (const id of ids(50).slice(20)) expect(byTenant.get(id)!.changes.configured, id).toBeGreaterThan(0);
    for (const id of ids(50)) expect(imageOf(id), id).toBe('v2.0.0');
    expect(byTenant.get('t01')!.revision).toBe(2);
    expect(byTenant.get('t17')!.revision).toBe(3);
  }, 240_000);

  it('`saas-charts fleet upgrade`: --dry-run prints the waves and touches nothing; a failure exits 1 with a JSON summary and records only upgraded tenants\' tags', async () => {
    const platform = fleetOf(3);
    await runFleetUpgrade(cluster.client, planFleetUpgrade(platform, { imageTag: 'v1.0.0' }), FAST);
    const file = join(workDir, `fleet-${cluster.server.port}.yaml`);
    const text = '# three shops\ntenants:\n  - { id: t01, name: T01, tier: professional }\n  - { id: t02, name: T02, tier: professional }\n  - { id: t03, name: T03, tier: professional }\n';
    writeFileSync(file, text);
    const args = ['--platform', file, '--kubeconfig', cluster.kubeconfig, '--concurrency', '1'];

    const before = cluster.server.requests.all().length;
    const dry = await runCliAsync(['fleet', 'upgrade', '--image-tag', 'v2.0.0', '--dry-run', ...args]);
    expect(dry.code).toBe(0);
    expect(dry.stdout.split('\n').slice(0, 3)).toEqual([
      'plan: 3 tenants to v2.0.0 in 3 waves of up to 1 (dry-run: nothing applied)',
      'WAVE  TENANT  TIER          FROM    TO',
      '   1  t01     professional  v1.0.0  v2.0.0',
    ]);
    expect(cluster.server.requests.all().length).toBe(before);
    expect(readFileSync(file, 'utf8')).toBe(text);

    cluster.failFrom('Deployment', 'tenant-t02');
    const run = await runCliAsync(['fleet', 'upgrade', '--image-tag', 'v2.0.0', '--timeout', '60', '-o', 'json', ...args]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: bulk upgrade stopped after wave 2 of 3: tenant t02 failed (1 failed, 1 not attempted)');
    const summary = JSON.parse(run.stdout) as { ok: boolean; upgraded: { tenant: string }[]; failed: { tenant: string; error: string }[]; notAttempted: { tenant: string }[] };
    expect(summary.ok).toBe(false);
    expect([summary.upgraded.map((t) => t.tenant), summary.failed.map((t) => t.tenant), summary.notAttempted.map((t) => t.tenant)]).toEqual([['t01'], ['t02'], ['t03']]);
    expect(readFileSync(file, 'utf8')).toBe(text.replace('{ id: t01, name: T01, tier: professional }', '{ id: t01, name: T01, tier: professional, imageTag: v2.0.0 }'));
    expect(run.stdout + run.stderr).not.toContain('re_test_key');

    const bad = await runCliAsync(['fleet', 'upgrade', '--image-tag', 'v2.0.0', '--concurrency', 'many', '--platform', file]);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'error: --concurrency "many" must be a whole number of at least 1']);
  }, 120_000);
});
