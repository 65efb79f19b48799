/**
 * Demo expiry: which demo tenants have expired (an injected clock), what
 * deprovisioning keeps or deletes, the CLI, and the CronJob's RBAC (a reduced
 * ClusterRole and a Role per demo namespace), enforced on every request the
 * expiry actually makes, at the moment it makes it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManifestObject } from '../../constructs/index.js';
import { demoExpiryClusterRules, demoExpiryTenantRules } from '../../src/charts/demo-expiry-rules.js';
import { checkUnit } from '../../src/check/check.js';
import { demoState, expireDemoTenants } from '../../src/fleet/expire.js';
import { definePlatform } from '../../src/platform/load.js';
import type { Platform, PlatformInput } from '../../src/platform/schema.js';
import { renderForApply } from '../../src/synth/render.js';
import { platformUnits } from '../../src/synth/units.js';
import { runCliAsync } from '../support/cli.js';
import type { JsonObject } from '../support/fake-api-server/index.js';
import { allowed, authorizedNow, describeCall, enforceRbac, toCall, type Call } from '../support/rbac.js';
import { applyTenants, startCluster, workDir, type Cluster } from './support.js';

const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const TENANTS: PlatformInput['tenants'] = [
  { id: 'old', name: 'Old Trial', tier: 'demo', placement: 'dedicated', createdAt: '2026-11-20' },
  { id: 'fresh', name: 'Fresh Trial', tier: 'demo', placement: 'dedicated', createdAt: '2026-11-28' },
  { id: 'paid', name: 'Paid', tier: 'professional' },
];
const platform = definePlatform({ tenants: TENANTS });
const DEC_1 = Date.parse('2026-12-01T00:00:00Z');
const DEC_6 = Date.parse('2026-12-06T00:00:00Z');

describe('demoState', () => {
  it('a trial ends at 00:00 UTC of its expiry day (createdAt + demoTrialDays)', () => {
    expect(demoState('2026-11-27', Date.parse('2026-11-26T23:59:59Z'))).toBe('active');
    expect(demoState('2026-11-27', Date.parse('2026-11-27T00:00:00Z'))).toBe('expired');
    expect(demoState(undefined, DEC_1)).toBe('no-expiry');
    expect(demoState('soon', DEC_1)).toBe('no-expiry');
  });
});

describe('tenant expire against the fake API server', () => {
  let cluster: Cluster;
  beforeEach(async () => {
    cluster = await startCluster();
    await applyTenants(cluster, platform);
  });
  afterEach(async () => cluster.server.stop());

  const has = (kind: string, namespace: string, name: string) => cluster.server.store.get({ kind, namespace, name }) !== undefined;

  it('dry-run lists the expired tenant and deletes nothing; a run removes its workloads and keeps its data; a re-run converges', async () => {
    const dry = await expireDemoTenants(cluster.client, { dryRun: true, now: () => DEC_1 });
    expect(dry.expired.map((t) => [t.tenant, t.expiresAt, t.outcome])).toEqual([['old', '2026-11-27', 'would-deprovision']]);
    expect(dry.others.map((t) => [t.tenant, t.expiresAt, t.state])).toEqual([['fresh', '2026-12-05', 'active']]);
    expect(has('Deployment', 'tenant-old', 'api')).toBe(true);

    const run = await expireDemoTenants(cluster.client, { now: () => DEC_1 });
    expect(run.dataKept).toBe(true);
    expect(run.expired.map((t) => t.outcome)).toEqual(['deprovisioned']);
    expect(run.expired[0].changes.filter((c) => c.action === 'skipped').map((c) => c.subject).sort()).toEqual(['Cluster tenant-old/tenant-old-postgresql', 'Namespace tenant-old']);
    expect(has('Deployment', 'tenant-old', 'api')).toBe(false);
    expect(has('Namespace', '', 'tenant-old')).toBe(true);
    expect(has('Cluster', 'tenant-old', 'tenant-old-postgresql')).toBe(true);
    expect(has('Deployment', 'tenant-fresh', 'api')).toBe(true);
    expect(has('Deployment', 'tenant-paid', 'api')).toBe(true);

    const writes = cluster.server.requests.writes().length;
    const again = await expireDemoTenants(cluster.client, { now: () => DEC_1 });
    expect(again.expired.map((t) => t.outcome)).toEqual(['already-deprovisioned']);
    expect(cluster.server.requests.writes().length - writes).toBeLessThanOrEqual(1);
    // A week later the fresh trial has ended too.
    const later = await expireDemoTenants(cluster.client, { now: () => Date.parse('2026-12-05T00:00:00Z') });
    expect(later.expired.map((t) => [t.tenant, t.outcome])).toEqual([['fresh', 'deprovisioned'], ['old', 'already-deprovisioned']]);
  });

  it('deletes the namespace, volumes and database only when data deletion is asked for', async () => {
    const run = await expireDemoTenants(cluster.client, { deleteData: true, now: () => DEC_1 });
    expect(run.dataKept).toBe(false);
    expect(run.expired[0].changes.find((c) => c.subject === 'Namespace tenant-old')?.action).toBe('deleted');
    cluster.server.flush();
    expect(has('Namespace', '', 'tenant-old')).toBe(false);
    expect(has('Namespace', '', 'tenant-fresh')).toBe(true);
  });

  it('`saas-charts tenant expire` reads the data policy from the platform file, needs --yes to delete data, and reports as JSON', async () => {
    const file = join(workDir, `expire-${cluster.server.port}.yaml`);
    writeFileSync(file, 'global:\n  demoExpiredData: delete\ntenants: []\n');
    const args = ['--kubeconfig', cluster.kubeconfig, '--at', '2026-12-01T00:00:00Z'];
    const refused = await runCliAsync(['tenant', 'expire', '--platform', file, ...args]);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('--data delete deletes expired demo tenants\' namespaces, volumes and databases; pass --yes')]);
    const badAt = await runCliAsync(['tenant', 'expire', '--kubeconfig', cluster.kubeconfig, '--data', 'keep', '--at', 'tomorrow']);
    const futureAt = await runCliAsync(['tenant', 'expire', '--kubeconfig', cluster.kubeconfig, '--data', 'keep', '--at', '2999-01-01T00:00:00Z']);
    expect(futureAt.code).toBe(2);
    expect(futureAt.stderr).toContain('is in the future and would end trials that are still running; add --dry-run');
    expect([badAt.code, badAt.stderr.trim()]).toEqual([2, 'error: --at "tomorrow" is not a time; use ISO 8601, e.g. 2026-12-01T00:00:00Z']);
    const badData = await runCliAsync(['tenant', 'expire', '--data', 'archive', ...args]);
    expect([badData.code, badData.stderr.trim()]).toEqual([2, 'error: --data "archive" must be keep or delete']);

    const dry = await runCliAsync(['tenant', 'expire', '--platform', file, '--dry-run', ...args]);
    expect(dry.code).toBe(0);
    expect(dry.stdout.split('\n')[0]).toBe('1 expired demo tenant as of 2026-12-01T00:00:00.000Z (dry-run: nothing deleted); data deleted: namespaces, volumes and databases go too');
    expect(dry.stdout).toMatch(/\nold +2026-11-27 +would-deprovision/);
    expect(has('Deployment', 'tenant-old', 'api')).toBe(true);

    const run = await runCliAsync(['tenant', 'expire', '--data', 'keep', '-o', 'json', ...args]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { dataKept: boolean; expired: { tenant: string; outcome: string }[] };
    expect(result).toMatchObject({ dataKept: true, expired: [{ tenant: 'old', outcome: 'deprovisioned' }] });
    expect(has('Namespace', '', 'tenant-old')).toBe(true);
  });
});

const EXPIRY_ACCOUNT = { name: 'demo-expiry', namespace: 'mechanicbuddy-system' };
const jobPlatform = (data: 'keep' | 'delete') => definePlatform({ global: { demoExpiredData: data }, system: { demoExpiryJob: { enabled: true } }, tenants: TENANTS });
const unitObjects = (platform: Platform, kind: string, name?: string) => renderForApply(platformUnits(platform).find((u) => u.kind === kind && (name === undefined || u.name === name))!).objects;
const find = (objects: readonly ManifestObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as Record<string, any> | undefined;

describe('the demo-expiry CronJob\'s RBAC, enforced as the API server would', () => {
  let cluster: Cluster;
  afterEach(async () => cluster.server.stop());

  /** The tenants applied with the CronJob on, the system chart's ServiceAccount, ClusterRole and binding stored; from then on RBAC is enforced. */
  async function start(platform: Platform): Promise<Call[]> {
    cluster = await startCluster();
    await applyTenants(cluster, platform);
    for (const object of unitObjects(platform, 'system').filter((o) => o.metadata.name === 'demo-expiry' && o.kind !== 'CronJob')) cluster.server.store.put(object as unknown as JsonObject);
    return enforceRbac(cluster.server, EXPIRY_ACCOUNT);
  }
  const may = (call: Omit<Call, 'path'>) => authorizedNow(cluster.server.store, EXPIRY_ACCOUNT, call);
  const has = (kind: string, namespace: string, name: string) => cluster.server.store.get({ kind, namespace, name }) !== undefined;

  for (const data of ['keep', 'delete'] as const) {
    it(`lets \`tenant expire --data ${data}\` make every call it makes, each at the moment it makes it, and reaches no Secret outside a demo tenant's own inventory`, async () => {
      const refused = await start(jobPlatform(data));
      const before = cluster.server.requests.all().length;
      const run = await expireDemoTenants(cluster.client, { deleteData: data === 'delete', now: () => DEC_1 });
      expect(refused.map(describeCall)).toEqual([]);
      expect(run.expired.map((t) => [t.tenant, t.outcome])).toEqual([['old', 'deprovisioned']]);
      expect(has('Deployment', 'tenant-old', 'api')).toBe(false);
      // Its own Role and RoleBinding were not deleted from under it: they go with the namespace, and only with it.
      const grant = run.expired[0].changes.filter((c) => c.subject.startsWith('Role'));
      expect(grant.map((c) => [c.subject, c.action, c.reason])).toEqual([
        ['RoleBinding tenant-old/demo-expiry', 'skipped', 'goes only with namespace tenant-old'],
        ['Role tenant-old/demo-expiry', 'skipped', 'goes only with namespace tenant-old'],
      ]);

      // Once its namespace is being deleted, nothing more is asked there: the Role may already be gone with it.
      const calls = cluster.server.requests.all().slice(before).map(toCall).filter((c): c is Call => c !== undefined);
      expect(calls.length).toBeGreaterThan(10);
      const namespaceDeleted = calls.findIndex((c) => c.verb === 'delete' && c.resource === 'namespaces' && c.name === 'tenant-old');
      expect(namespaceDeleted >= 0).toBe(data === 'delete');
      if (namespaceDeleted >= 0) expect(calls.slice(namespaceDeleted + 1).filter((c) => c.namespace === 'tenant-old').map(describeCall)).toEqual([]);

      // The next hourly run still reads the kept namespace (data kept), or finds it gone (data deleted).
      cluster.server.flush();
      expect(has('Namespace', '', 'tenant-old')).toBe(data === 'keep');
      expect(has('RoleBinding', 'tenant-old', 'demo-expiry')).toBe(data === 'keep');
      const again = await expireDemoTenants(cluster.client, { deleteData: data === 'delete', now: () => DEC_1 });
      expect(refused.map(describeCall)).toEqual([]);
      expect(again.expired.map((t) => [t.tenant, t.outcome])).toEqual(data === 'keep' ? [['old', 'already-deprovisioned']] : []);

      // Namespaced rights hold only in a demo tenant's namespace, and Secrets only by the inventory's name.
      const secret = (namespace: string, name: string) => ({ verb: 'get', group: '', resource: 'secrets', namespace, name });
      expect(may(secret('tenant-fresh', 'applyset-tenant-fresh'))).toBe(true);
      expect(may(secret('mechanicbuddy-system', 'mechanicbuddy-system-postgresql-app'))).toBe(false);
      expect(may(secret('tenant-paid', 'applyset-tenant-paid'))).toBe(false);
      expect(may(secret('tenant-fresh', 'tenant-secrets'))).toBe(false);
      expect(may(secret('tenant-fresh', 'tenant-fresh-postgresql-app'))).toBe(false);
      expect(may({ verb: 'list', group: '', resource: 'secrets', namespace: 'tenant-fresh' })).toBe(false);
      expect(may({ verb: 'list', group: 'apps', resource: 'deployments', namespace: 'tenant-fresh' })).toBe(true);
      expect(may({ verb: 'list', group: 'apps', resource: 'deployments', namespace: 'tenant-paid' })).toBe(false);
      expect(may({ verb: 'delete', group: 'apps', resource: 'deployments', namespace: 'mechanicbuddy-system', name: 'management-api' })).toBe(false);
      // A live call is refused too.
      await expect(cluster.client.get({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'mechanicbuddy-system-postgresql-app', namespace: 'mechanicbuddy-system' } })).rejects.toThrow();
      expect(refused.map((c) => c.path)).toEqual(['GET /api/v1/namespaces/mechanicbuddy-system/secrets/mechanicbuddy-system-postgresql-app']);
    });
  }

  it('cannot deprovision a demo tenant whose chart does not grant it (the ClusterRole alone reaches no namespaced object); the other expired tenants still go', async () => {
    const refused = await start(jobPlatform('keep'));
    cluster.server.store.delete({ kind: 'RoleBinding', namespace: 'tenant-old', name: 'demo-expiry' });
    const run = await expireDemoTenants(cluster.client, { now: () => DEC_6 });
    expect(refused.map(describeCall)).toEqual(['get /secrets (GET /api/v1/namespaces/tenant-old/secrets/applyset-tenant-old)']);
    expect(run.expired.map((t) => [t.tenant, t.outcome])).toEqual([['fresh', 'deprovisioned'], ['old', 'failed']]);
    expect(run.expired[1].error).toMatch(/^GET \/api\/v1\/namespaces\/tenant-old\/secrets\/applyset-tenant-old: 403 /);
    expect(has('Deployment', 'tenant-old', 'api')).toBe(true);
    expect(has('Deployment', 'tenant-fresh', 'api')).toBe(false);
  });

  it('the CLI prints every tenant\'s outcome, then exits 3 naming the tenants it could not deprovision', async () => {
    await start(jobPlatform('keep'));
    cluster.server.store.delete({ kind: 'RoleBinding', namespace: 'tenant-old', name: 'demo-expiry' });
    const run = await runCliAsync(['tenant', 'expire', '--kubeconfig', cluster.kubeconfig, '--at', '2026-12-01T00:00:00Z', '--output', 'json']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout).expired.map((t: { tenant: string; outcome: string }) => [t.tenant, t.outcome])).toEqual([['old', 'failed']]);
    expect(run.stderr).toContain('1 of 1 expired demo tenant could not be deprovisioned (old); the others were. First refusal: GET');
  });
});

describe('the demo-expiry CronJob of the system chart', () => {
  const systemObjects = (input: PlatformInput) => unitObjects(definePlatform(input), 'system');

  it('is off by default, and no tenant chart grants it anything then', () => {
    expect(systemObjects({}).filter((o) => o.metadata.name.includes('demo-expiry'))).toEqual([]);
    const platform = definePlatform({ tenants: TENANTS });
    expect(unitObjects(platform, 'tenant', 'tenant-old').filter((o) => o.kind.startsWith('Role'))).toEqual([]);
  });

  it('runs the saas-charts of the version that rendered it, from the platform\'s registry, unless an image is set', () => {
    const image = (input: PlatformInput) => {
      const cronJob = find(systemObjects(input), 'CronJob', 'demo-expiry')!;
      return cronJob.spec.jobTemplate.spec.template.spec.containers[0].image;
    };
    expect(image({ global: { images: { registry: 'registry.acme.io/platform' } }, system: { demoExpiryJob: { enabled: true } } }))
      .toBe(`registry.acme.io/platform/saas-charts:${PACKAGE_VERSION}`);
    const pinned = `registry.acme.io/tools/saas-charts@sha256:${'a'.repeat(64)}`;
    expect(image({ global: { images: { registry: 'registry.acme.io/platform' } }, system: { demoExpiryJob: { enabled: true, image: pinned } } })).toBe(pinned);
  });

  for (const data of ['keep', 'delete'] as const) {
    it(`runs \`tenant expire --data ${data}\` under a ServiceAccount with cluster-wide rights on Namespaces only, and a Role in each demo tenant's namespace`, () => {
      const platform = jobPlatform(data);
      const deleteData = data === 'delete';
      const objects = systemObjects({ global: { demoExpiredData: data }, system: { demoExpiryJob: { enabled: true, schedule: '0 1 * * *' } } });
      const cronJob = find(objects, 'CronJob', 'demo-expiry')!;
      expect(cronJob.spec.schedule).toBe('0 1 * * *');
      const pod = cronJob.spec.jobTemplate.spec.template.spec;
      expect(pod.serviceAccountName).toBe('demo-expiry');
      expect(pod.automountServiceAccountToken).toBe(true);
      expect(pod.containers[0].image).toBe(`ghcr.io/your-org/saas-charts:${PACKAGE_VERSION}`);
      expect(pod.containers[0].args).toEqual(['tenant', 'expire', '--output', 'json', '--data', data, ...(deleteData ? ['--yes'] : [])]);
      expect(find(objects, 'ClusterRole', 'demo-expiry')!.rules).toEqual([{ apiGroups: [''], resources: ['namespaces'], verbs: deleteData ? ['delete', 'list'] : ['list'] }]);
      expect(demoExpiryClusterRules(deleteData)).toEqual(find(objects, 'ClusterRole', 'demo-expiry')!.rules);
      expect(find(objects, 'ClusterRoleBinding', 'demo-expiry')!.subjects).toEqual([EXPIRY_ACCOUNT].map((a) => ({ kind: 'ServiceAccount', ...a })));
      expect(objects.filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding')).toEqual([]);
      const egress = find(objects, 'NetworkPolicy', 'allow-demo-expiry-egress')!;
      expect(egress.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/component': 'demo-expiry' } });
      expect(checkUnit(objects, 'system').findings.filter((f) => f.severity === 'error')).toEqual([]);

      // Demo tenants grant it their namespace; a paying tenant grants nothing.
      const demo = unitObjects(platform, 'tenant', 'tenant-old');
      const rules = demoExpiryTenantRules(deleteData, 'tenant-old');
      expect(find(demo, 'Role', 'demo-expiry')!.rules).toEqual(JSON.parse(JSON.stringify(rules)));
      expect(find(demo, 'RoleBinding', 'demo-expiry')).toMatchObject({ roleRef: { kind: 'Role', name: 'demo-expiry' }, subjects: [{ kind: 'ServiceAccount', ...EXPIRY_ACCOUNT }] });
      expect(unitObjects(platform, 'tenant', 'tenant-paid').filter((o) => o.kind.startsWith('Role'))).toEqual([]);
      expect(checkUnit(demo, 'tenant').findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(allowed(rules, { verb: 'delete', group: 'postgresql.cnpg.io', resource: 'clusters', name: 'tenant-old-postgresql' })).toBe(deleteData);
      expect(allowed(rules, { verb: 'create', group: 'apps', resource: 'deployments' })).toBe(false);
      expect(allowed(rules, { verb: 'delete', group: 'rbac.authorization.k8s.io', resource: 'roles', name: 'demo-expiry' })).toBe(false);
      expect([...rules, ...demoExpiryClusterRules(deleteData)].flatMap((r) => [...r.verbs, ...r.resources, ...r.apiGroups])).not.toContain('*');
    });
  }
});
