import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDnsLabel } from '../../constructs/index.js';
import { ObjectClient } from '../../src/apply/objects.js';
import { deprovisionTenant, generateTenantId, provisionTenant, tenantStatus, updateTenant, validateRequest, withTenant } from '../../src/apply/provisioning.js';
import { connect } from '../../src/apply/transport.js';
import { definePlatform } from '../../src/platform/load.js';
import { maxTenantIdLength } from '../../src/platform/naming.js';
import { runCliAsync } from '../support/cli.js';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';
import { allowed, describeCall, enforceRbac, toCall, type Call } from '../support/rbac.js';
import type { JsonObject } from '../support/fake-api-server/index.js';
import { demoExpiryTenantRules } from '../../src/charts/demo-expiry-rules.js';
import { renderForApply } from '../../src/synth/render.js';
import { platformUnits } from '../../src/synth/units.js';
import { tenantProvisioningRules } from '../../src/charts/provisioning-rules.js';

const dir = mkdtempSync(join(tmpdir(), 'saas-charts-provision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const platform = definePlatform({ tenants: [{ id: 'acme', name: 'ACME', tier: 'professional' }] });
const SUPPLIED = { 'email-credentials/api-key': 're_test_key' };

describe('generateTenantId', () => {
  it('slugs the company name with a random suffix: DNS-safe, short enough, unique', () => {
    expect(generateTenantId('Acme Auto Repair', [], () => Buffer.from([0xa1, 0xb2, 0xc3]))).toBe('acme-auto-repair-a1b2c3');
    fc.assert(fc.property(fc.string(), fc.array(fc.string()), (name, taken) => {
      const id = generateTenantId(name, taken);
      expect(isDnsLabel(id)).toBe(true);
      expect(id.length).toBeLessThanOrEqual(maxTenantIdLength());
      expect(taken).not.toContain(id);
    }), { numRuns: 300 });
  });
});

describe('validateRequest', () => {
  it('answers every problem with its path before anything touches the cluster', () => {
    expect(validateRequest(platform, { companyName: 'ACME', tier: 'professional', id: 'acme' })).toEqual(['tenants[1].id: "acme" is already used by tenants[0]; tenant ids must be unique']);
    expect(validateRequest(platform, { companyName: 'Shop', tier: 'professional', customDomains: ['Bad Domain'] })[0]).toMatch(/^tenants\[1\]\.customDomains\[0\]: "Bad Domain" is not a domain name/);
    expect(validateRequest(platform, { companyName: 'Shop', tier: 'enterprise' })).toEqual([]);
  });

  it('gives a demo trial its start date, so it expires', () => {
    const { tenant } = withTenant(platform, { companyName: 'Try', tier: 'demo', id: 'try' }, new Date('2026-11-24T10:00:00Z'));
    expect(tenant).toMatchObject({ createdAt: '2026-11-24', placement: 'dedicated' });
  });
});

describe('provisioning against the fake API server', () => {
  let server: FakeApiServer;
  let client: ObjectClient;
  let kubeconfig: string;

  beforeEach(async () => {
    server = await startFakeApiServer();
    for (const kind of ['Deployment', 'Job', 'Cluster', 'Certificate']) server.autoAdvance({ kind, afterMs: 5 });
    kubeconfig = join(dir, `kubeconfig-${server.port}`);
    writeFileSync(kubeconfig, server.kubeconfig());
    client = new ObjectClient(await connect({ kubeconfig }));
  });
  afterEach(async () => server.stop());

  it('provisions, reports URLs, allocation and a timed step log; status is healthy; deprovision keeps the data', async () => {
    const result = await provisionTenant(client, platform, { companyName: 'BigShop Motors', tier: 'enterprise', id: 'bigshop', customDomains: ['shop.bigshop.com'] }, { suppliedSecrets: SUPPLIED, pollIntervalMs: 5 });
    expect(result.urls).toEqual({ app: 'https://bigshop.mechanicbuddy.app', api: 'https://bigshop.mechanicbuddy.app/api', customDomains: ['https://shop.bigshop.com'] });
    expect(result.resources).toEqual({ apiReplicas: 3, webReplicas: 3, databaseInstances: 3, storage: '200Gi' });
    expect(result.log.map((entry) => entry.step)).toEqual(['validate', 'render', 'namespaces and definitions', 'configuration', 'data', 'migration', 'workloads', 'edge']);
    const withBigshop = withTenant(platform, { companyName: 'BigShop Motors', tier: 'enterprise', id: 'bigshop', customDomains: ['shop.bigshop.com'] }).platform;
    const status = await tenantStatus(client, withBigshop, 'bigshop');
    expect(status.map((s) => `${s.component}:${s.state}`)).toEqual(['namespace:ready', 'database:ready', 'migration:ready', 'api:ready', 'web:ready', 'certificate:ready']);
    await deprovisionTenant(client, withBigshop, 'bigshop');
    expect(server.store.get({ kind: 'Deployment', namespace: 'tenant-bigshop', name: 'api' })).toBeUndefined();
    expect(server.store.get({ kind: 'Cluster', namespace: 'tenant-bigshop', name: 'tenant-bigshop-postgresql' })).toBeDefined();
  });

  it('updates in place: professional to enterprise scales up, a new image re-runs the migration', async () => {
    await provisionTenant(client, platform, { companyName: 'ACME', tier: 'professional', id: 'shop' }, { suppliedSecrets: SUPPLIED, pollIntervalMs: 5 });
    const withShop = withTenant(platform, { companyName: 'ACME', tier: 'professional', id: 'shop' }).platform;
    const result = await updateTenant(client, withShop, 'shop', { tier: 'enterprise', imageTag: 'v2.0.0' }, { pollIntervalMs: 5 });
    expect((server.store.get({ kind: 'Deployment', namespace: 'tenant-shop', name: 'api' }) as { spec: { replicas: number } }).spec.replicas).toBe(3);
    expect(result.changes.find((c) => c.subject === 'Job tenant-shop/db-migration')?.reason).toMatch(/^recreated/);
    expect((server.store.get({ kind: 'Cluster', namespace: 'tenant-shop', name: 'tenant-shop-postgresql' }) as { spec: { instances: number } }).spec.instances).toBe(3);
  });

  it('`saas-charts tenant provision` prints each stage with its duration, ends with the URLs, and records the tenant', async () => {
    const file = join(dir, 'platform.yaml');
    writeFileSync(file, '# our fleet\ntenants:\n  - { id: acme, name: ACME, tier: professional }\n');
    const secrets = join(dir, 'secrets.yaml');
    writeFileSync(secrets, 'email-credentials/api-key: re_test_key\n');
    const run = await runCliAsync(['tenant', 'provision', '--name', 'Rapid Fix', '--id', 'rapidfix', '--tier', 'professional', '--platform', file, '--kubeconfig', kubeconfig, '--secrets-file', secrets]);
    expect(run.stderr.split('\n').filter((line) => !/^ {2,4}(stage|waiting for|ready) /.test(line) && line !== '')).toEqual([]);
    expect(run.stderr).toMatch(/^ {2}stage workloads \(\d+ objects\)$/m);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^provisioned tenant rapidfix in \d+\.\d s$/);
    for (const step of ['validate', 'render', 'data', 'migration', 'workloads', 'edge']) expect(run.stdout).toMatch(new RegExp(`\\n  ${step} +\\d+\\.\\d\\d s`));
    expect(lines.slice(-2)).toEqual(['  app: https://rapidfix.mechanicbuddy.app', '  api: https://rapidfix.mechanicbuddy.app/api']);
    expect(readFileSync(file, 'utf8')).toBe('# our fleet\ntenants:\n  - { id: acme, name: ACME, tier: professional }\n  - id: rapidfix\n    name: Rapid Fix\n    tier: professional\n');
    expect(run.stdout).not.toContain('re_test_key');
  });
});

describe('the management API\'s permissions', () => {
  it('cover every request of provisioning, updating, reading and deprovisioning a tenant, and nothing is a wildcard', async () => {
    const server = await startFakeApiServer();
    try {
      for (const kind of ['Deployment', 'Job', 'Cluster', 'Certificate']) server.autoAdvance({ kind, afterMs: 5 });
      const kubeconfig = join(dir, `kubeconfig-rbac-${server.port}`);
      writeFileSync(kubeconfig, server.kubeconfig());
      const client = new ObjectClient(await connect({ kubeconfig }));
      const options = { suppliedSecrets: SUPPLIED, pollIntervalMs: 5 };
      const request = { companyName: 'BigShop Motors', tier: 'professional', id: 'bigshop', customDomains: ['shop.bigshop.com'] } as const;
      await provisionTenant(client, platform, request, options);
      const upgraded = await updateTenant(client, withTenant(platform, request).platform, 'bigshop', { tier: 'enterprise' }, options);
      await tenantStatus(client, upgraded.platform, 'bigshop');
      await deprovisionTenant(client, upgraded.platform, 'bigshop', {});
      const calls = server.requests.all().map(toCall).filter((call): call is Call => call !== undefined);
      expect(calls.map((call) => call.resource)).toContain('configmaps');
      const rules = tenantProvisioningRules();
      expect(calls.filter((call) => !allowed(rules, call)).map(describeCall)).toEqual([]);
      expect(rules.flatMap((rule) => [...rule.verbs, ...rule.resources, ...rule.apiGroups])).not.toContain('*');
    } finally {
      await server.stop();
    }
  });
  it('with the demo-expiry CronJob on, write a demo tenant\'s demo-expiry Role and RoleBinding, by name only, holding every right they grant', async () => {
    const withJob = definePlatform({ system: { demoExpiryJob: { enabled: true } }, tenants: [] });
    const account = { name: 'management-api', namespace: 'mechanicbuddy-system' };
    const server = await startFakeApiServer();
    try {
      for (const kind of ['Deployment', 'Job', 'Cluster', 'Certificate']) server.autoAdvance({ kind, afterMs: 5 });
      const system = renderForApply(platformUnits(withJob).find((unit) => unit.kind === 'system')!).objects;
      for (const object of system.filter((o) => o.metadata.name === account.name && o.kind !== 'Deployment' && o.kind !== 'Service')) server.store.put(object as unknown as JsonObject);
      const refused = enforceRbac(server, account);
      const kubeconfig = join(dir, `kubeconfig-rbac-demo-${server.port}`);
      writeFileSync(kubeconfig, server.kubeconfig());
      const client = new ObjectClient(await connect({ kubeconfig }));
      const options = { suppliedSecrets: SUPPLIED, pollIntervalMs: 5 };
      const request = { companyName: 'Try Motors', tier: 'demo', id: 'try' } as const;
      await provisionTenant(client, withJob, request, options);
      expect(server.store.get({ kind: 'RoleBinding', namespace: 'tenant-try', name: 'demo-expiry' })).toBeDefined();
      // Upgraded from the trial and pruned, the tenant no longer grants the CronJob anything.
      const upgraded = await updateTenant(client, withTenant(withJob, request).platform, 'try', { tier: 'professional' }, { ...options, prune: true });
      expect(server.store.get({ kind: 'Role', namespace: 'tenant-try', name: 'demo-expiry' })).toBeUndefined();
      await deprovisionTenant(client, upgraded.platform, 'try', {});
      expect(refused.map(describeCall)).toEqual([]);

      const rules = tenantProvisioningRules({ demoExpiryGrant: true });
      // The API server refuses a Role that grants more than its writer holds: the management API holds all of it.
      for (const deleteData of [false, true]) {
        for (const rule of demoExpiryTenantRules(deleteData, 'tenant-try')) {
          for (const [group, resource, verb, name] of rule.apiGroups.flatMap((g) => rule.resources.flatMap((r) => rule.verbs.flatMap((v) => (rule.resourceNames ?? [undefined]).map((n) => [g, r, v, n] as const))))) {
            expect(allowed(rules, { verb, group, resource, name }), `${verb} ${group}/${resource} ${name ?? ''}`).toBe(true);
          }
        }
      }
      const rbac = 'rbac.authorization.k8s.io';
      expect(allowed(rules, { verb: 'patch', group: rbac, resource: 'rolebindings', name: 'admin' })).toBe(false);
      expect(allowed(rules, { verb: 'get', group: rbac, resource: 'roles', name: 'other' })).toBe(false);
      expect(allowed(rules, { verb: 'create', group: rbac, resource: 'clusterrolebindings' })).toBe(false);
      expect(allowed(rules, { verb: 'create', group: rbac, resource: 'rolebindings' })).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
