/**
 * The applier against the fake API server: wire format, no-op re-apply,
 * dry-run, readiness, inventory and prune, safety, secrets, faults.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManifestObject } from '../../constructs/index.js';
import { applyInstance, type ApplyOptions } from '../../src/apply/apply.js';
import { PART_OF_LABEL } from '../../src/apply/applyset.js';
import { deleteInstance } from '../../src/apply/delete.js';
import { ConflictError, SafetyError } from '../../src/apply/errors.js';
import { ObjectClient } from '../../src/apply/objects.js';
import { connect } from '../../src/apply/transport.js';
import { definePlatform } from '../../src/platform/load.js';
import { renderForApply } from '../../src/synth/render.js';
import { tenantUnit } from '../../src/synth/units.js';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';

const dir = mkdtempSync(join(tmpdir(), 'saas-charts-apply-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const platform = definePlatform({ tenants: [{ id: 'acme', name: 'ACME', tier: 'professional', customDomains: ['shop.acme.com'] }] });
const tenant = () => renderForApply(tenantUnit(platform, platform.tenants[0]));
const SUPPLIED = { 'email-credentials/api-key': 're_test_key' };
const FAST: ApplyOptions = { pollIntervalMs: 5, timeoutSeconds: 20, objectTimeoutSeconds: 20, suppliedSecrets: SUPPLIED };

let server: FakeApiServer;
let client: ObjectClient;

async function clientFor(api: FakeApiServer, retry = {}): Promise<ObjectClient> {
  const kubeconfig = join(dir, `kubeconfig-${api.port}`);
  writeFileSync(kubeconfig, api.kubeconfig());
  return new ObjectClient(await connect({ kubeconfig, retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000, ...retry }, sleep: () => Promise.resolve() }));
}

function readyEverything(api: FakeApiServer): void {
  for (const kind of ['Deployment', 'StatefulSet', 'Job', 'Cluster', 'Certificate', 'PersistentVolumeClaim']) api.autoAdvance({ kind, afterMs: 0 });
}

const applyTenant = (options: ApplyOptions = {}) => {
  const unit = tenant();
  return applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets }, { ...FAST, ...options });
};

beforeEach(async () => {
  server = await startFakeApiServer();
  readyEverything(server);
  client = await clientFor(server);
});
afterEach(async () => server.stop());

describe('server-side apply on the wire', () => {
  it('patches with apply-patch+yaml, field manager saas-charts, strict validation, never forced', async () => {
    await applyTenant();
    const writes = server.requests.writes().filter((r) => r.method === 'PATCH');
    expect(writes.length).toBeGreaterThan(20);
    for (const write of writes) {
      expect(write.contentType).toBe('application/apply-patch+yaml');
      expect(write.query.fieldManager).toBe('saas-charts');
      expect(write.query.fieldValidation).toBe('Strict');
      if (!write.path.includes('/secrets/applyset-')) expect(write.query.force).toBeUndefined();
    }
  });

  it('sends raw JSON: a CRD keeps x-kubernetes-preserve-unknown-fields', async () => {
    const crd: ManifestObject = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    await applyInstance(client, { instance: 'widgets', namespace: 'default', objects: [crd] }, FAST);
    const write = server.requests.writes().find((r) => r.method === 'PATCH' && r.path.includes('customresourcedefinitions') && r.query.dryRun === undefined);
    expect(write?.rawBody).toContain('"x-kubernetes-preserve-unknown-fields":true');
  });

  it('applies a CRD and a resource of its kind in one set, the first time and again', async () => {
    const crd: ManifestObject = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'gear', namespace: 'default' }, spec: { teeth: 12 } } as unknown as ManifestObject;
    const first = await applyInstance(client, { instance: 'widgets', namespace: 'default', objects: [crd, widget] }, FAST);
    expect(first.changes.filter((c) => c.action === 'created').map((c) => c.subject)).toEqual(expect.arrayContaining(['Widget default/gear']));
    expect(server.store.get({ kind: 'Widget', apiVersion: 'example.com/v1', namespace: 'default', name: 'gear' })).toMatchObject({ spec: { teeth: 12 } });
    const again = await applyInstance(client, { instance: 'widgets', namespace: 'default', objects: [crd, widget] }, FAST);
    expect(new Set(again.changes.map((c) => c.action))).toEqual(new Set(['unchanged']));
  });

  it('makes zero writes when applied a second time, and says every object is unchanged', async () => {
    await applyTenant();
    const before = client.transport.stats.writes;
    const again = await applyTenant();
    expect(client.transport.stats.writes - before).toBe(0);
    expect(new Set(again.changes.map((c) => c.action))).toEqual(new Set(['unchanged']));
  });

  it('keeps connections alive: a whole apply over a handful of connections', async () => {
    await applyTenant();
    expect(server.requests.all().length).toBeGreaterThan(50);
    // At most one connection per concurrent request (8 by default), not one per request.
    expect(server.connectionsAccepted()).toBeLessThanOrEqual(8);
  });

  it('reads each object once, and again only when it changed between that read and its dry-run', async () => {
    await applyTenant();
    server.requests.clear();
    const desired = tenant().objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api')!;
    const [label] = Object.keys(desired.metadata.labels ?? {});
    const ref = { kind: 'Deployment', namespace: 'tenant-acme', name: 'api' };
    const again = await applyTenant({
      onProgress: (event) => {
        // Another client changes a field we manage after our read, before our dry-run.
        if (event.type !== 'stage' || event.stage !== 'workloads') return;
        const live = server.store.get(ref) as ManifestObject;
        server.store.put({ ...live, metadata: { ...live.metadata, labels: { ...live.metadata.labels, [label!]: 'drifted' } } });
      },
    });
    expect(again.changes.find((c) => c.subject === 'Deployment tenant-acme/api')?.action).toBe('configured');
    expect((server.store.get(ref) as ManifestObject).metadata.labels?.[label!]).toBe(desired.metadata.labels?.[label!]);
    const gets = (path: string) => server.requests.all().filter((r) => r.method === 'GET' && r.path === path).length;
    expect(gets('/apis/apps/v1/namespaces/tenant-acme/deployments/api')).toBeGreaterThanOrEqual(2);
    for (const service of tenant().objects.filter((o) => o.kind === 'Service')) {
      expect(gets(`/api/v1/namespaces/tenant-acme/services/${service.metadata.name}`)).toBe(1);
    }
  });

  it('--dry-run persists nothing and reports what would be created', async () => {
    const result = await applyTenant({ dryRun: true });
    expect(server.store.list('Namespace').map((n) => (n as { metadata: { name: string } }).metadata.name)).not.toContain('tenant-acme');
    expect(server.requests.writes().filter((r) => r.query.dryRun === undefined)).toEqual([]);
    expect(result.changes.find((c) => c.subject === 'Deployment tenant-acme/api')).toEqual({ subject: 'Deployment tenant-acme/api', action: 'created', reason: 'dry-run; namespace tenant-acme is created first' });
  });

  it('applies the database, then the migration, then the workloads', async () => {
    await applyTenant();
    const order = server.requests.writes().filter((r) => r.method === 'PATCH' && r.query.dryRun === undefined).map((r) => r.path.split('/').slice(-2)[0]);
    expect(order.indexOf('clusters')).toBeLessThan(order.indexOf('jobs'));
    expect(order.indexOf('jobs')).toBeLessThan(order.indexOf('deployments'));
    expect(order[0]).toBe('namespaces');
  });
});

describe('inventory and prune', () => {
  it('labels every member with the kubectl ApplySet id and records the group kinds on the parent', async () => {
    const { set } = await applyTenant();
    expect(set.id).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/);
    const api = server.store.get({ kind: 'Deployment', namespace: 'tenant-acme', name: 'api' }) as ManifestObject;
    expect(api.metadata.labels?.[PART_OF_LABEL]).toBe(set.id);
    const parent = server.store.get({ kind: 'Secret', namespace: 'tenant-acme', name: set.name }) as ManifestObject;
    expect(parent.metadata.labels?.['applyset.kubernetes.io/id']).toBe(set.id);
    expect(parent.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds']).toContain('Deployment.apps');
  });

  it('prunes members that left the set, never an object without our label', async () => {
    await applyTenant();
    server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hand-made', namespace: 'tenant-acme' }, data: { a: 'b' } });
    const unit = tenant();
    const withoutWeb = unit.objects.filter((o) => !(o.metadata.name === 'web' && ['Deployment', 'Service', 'PodDisruptionBudget'].includes(o.kind)));
    const result = await applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: withoutWeb, secrets: unit.secrets }, { ...FAST, prune: true });
    expect(result.changes.filter((c) => c.action === 'deleted').map((c) => c.subject).sort()).toEqual([
      'Deployment tenant-acme/web', 'PodDisruptionBudget tenant-acme/web', 'Service tenant-acme/web',
    ]);
    expect(server.store.get({ kind: 'ConfigMap', namespace: 'tenant-acme', name: 'hand-made' })).toBeDefined();
  });

  it('refuses an empty set and objects of another set unless adopted', async () => {
    await expect(applyInstance(client, { instance: 'x', namespace: 'default', objects: [] })).rejects.toThrow(SafetyError);
    await applyTenant();
    const unit = tenant();
    await expect(applyInstance(client, { instance: 'other', namespace: unit.namespace, objects: unit.objects.slice(0, 3) }, FAST))
      .rejects.toThrow(/refusing to take over objects of another ApplySet: .*pass --adopt/);
  });

  it('delete keeps Namespaces, PVCs and database Clusters unless purged', async () => {
    await applyTenant();
    const unit = tenant();
    const changes = await deleteInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects });
    expect(changes.filter((c) => c.action === 'skipped').map((c) => c.subject).sort()).toEqual(['Cluster tenant-acme/tenant-acme-postgresql', 'Namespace tenant-acme']);
    expect(server.store.get({ kind: 'Deployment', namespace: 'tenant-acme', name: 'api' })).toBeUndefined();
    expect(server.store.get({ kind: 'Cluster', namespace: 'tenant-acme', name: 'tenant-acme-postgresql' })).toBeDefined();
    expect(server.store.get({ kind: 'Namespace', name: 'tenant-acme' })).toBeDefined();
  });

  it('delete leaves objects annotated delete-with-namespace (the demo-expiry Role) to their namespace; prune removes them like any other', async () => {
    const demo = (enabled: boolean) => {
      const withDemo = definePlatform({ system: { demoExpiryJob: { enabled } }, tenants: [{ id: 'try', name: 'Try', tier: 'demo', placement: 'dedicated', createdAt: '2026-11-20' }] });
      return renderForApply(tenantUnit(withDemo, withDemo.tenants[0]));
    };
    const unit = demo(true);
    const input = { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets };
    const role = { kind: 'Role', namespace: 'tenant-try', name: 'demo-expiry' };
    await applyInstance(client, input, FAST);
    const kept = await deleteInstance(client, input);
    expect(kept.filter((c) => c.reason === 'goes only with namespace tenant-try').map((c) => c.subject)).toEqual(['RoleBinding tenant-try/demo-expiry', 'Role tenant-try/demo-expiry']);
    expect(server.store.get(role)).toBeDefined();
    const parent = server.store.get({ kind: 'Secret', namespace: 'tenant-try', name: 'applyset-tenant-try' }) as ManifestObject;
    expect(parent.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds']).toContain('Role.rbac.authorization.k8s.io');

    const before = server.requests.all().length;
    await deleteInstance(client, input, { purge: true });
    expect(server.requests.all().slice(before).filter((r) => r.method === 'DELETE').map((r) => r.path)).not.toContainEqual(expect.stringContaining('/roles'));
    server.flush();
    expect(server.store.get(role)).toBeUndefined();

    await applyInstance(client, input, FAST);
    const withoutJob = demo(false);
    await applyInstance(client, { ...input, objects: withoutJob.objects }, { ...FAST, prune: true });
    expect(server.store.get(role)).toBeUndefined();
  });
});

describe('secrets', () => {
  it('creates generated secrets once and keeps them across re-provisioning', async () => {
    await applyTenant();
    const first = server.store.get({ kind: 'Secret', namespace: 'tenant-acme', name: 'tenant-secrets' }) as { data: Record<string, string> };
    expect(Buffer.from(first.data['jwt-secret'], 'base64').toString()).toMatch(/^[0-9a-f]{128}$/);
    await applyTenant();
    expect(server.store.get({ kind: 'Secret', namespace: 'tenant-acme', name: 'tenant-secrets' })).toMatchObject({ data: first.data });
  });

  it('refuses to roll out while a supplied key is missing, listing every missing key, before writing anything', async () => {
    await expect(applyTenant({ suppliedSecrets: {} })).rejects.toThrow(/1 supplied secret value is missing:\n {2}tenant-acme\/email-credentials: key api-key/);
    expect(server.requests.writes()).toEqual([]);
  });

  it('never prints a secret value in a change or an error', async () => {
    const result = await applyTenant();
    expect(JSON.stringify(result)).not.toContain('re_test_key');
  });
});

describe('conflicts and faults', () => {
  it('explains a 409 with the field, the manager and the ways out', async () => {
    await applyTenant();
    const replicas = server.requests.all().length;
    await fetch(`${server.url}/apis/apps/v1/namespaces/tenant-acme/deployments/api?fieldManager=kubectl&force=true`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/apply-patch+yaml' },
      body: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'tenant-acme' }, spec: { replicas: 5 } }),
    });
    expect(server.requests.all().length).toBeGreaterThan(replicas);
    const error = await applyTenant().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/Deployment tenant-acme\/api: \.spec\.replicas is owned by "kubectl"\. Three ways out/);
  });

  it.each([
    ['429 with Retry-After', { type: 'status', code: 429, retryAfterSeconds: 0 }],
    ['500', { type: 'status', code: 500 }],
    ['503', { type: 'status', code: 503 }],
    ['a connection reset', { type: 'reset' }],
  ] as const)('retries %s and converges', async (_name, fault) => {
    server.faults.next(3, fault);
    await applyTenant();
    expect(client.transport.stats.retries).toBeGreaterThanOrEqual(3);
    expect(server.store.get({ kind: 'Deployment', namespace: 'tenant-acme', name: 'web' })).toBeDefined();
  });

  it('ends a persistent fault with a clear error, not a hang', async () => {
    server.faults.add({ fault: { type: 'status', code: 503 } });
    await expect(applyTenant()).rejects.toThrow(/503/);
    server.faults.clear();
    server.faults.add({ fault: { type: 'timeout', maxMs: 300 }, match: { method: 'GET' } });
    const slow = await clientFor(server, { timeoutMs: 100, attempts: 2 });
    const unit = tenant();
    await expect(applyInstance(slow, { instance: unit.name, namespace: unit.namespace, objects: unit.objects }, FAST)).rejects.toThrow(/no answer within 100 ms|socket hang up/);
  });

  it('a failed migration Job fails the apply fast, naming the Job', async () => {
    await server.stop();
    server = await startFakeApiServer();
    for (const kind of ['Deployment', 'Cluster', 'Certificate']) server.autoAdvance({ kind, afterMs: 0 });
    server.autoAdvance({ kind: 'Job', afterMs: 0, outcome: 'failed' });
    client = await clientFor(server);
    await expect(applyTenant()).rejects.toThrow(/Job tenant-acme\/db-migration failed/);
    expect(server.store.get({ kind: 'Deployment', namespace: 'tenant-acme', name: 'api' })).toBeUndefined();
  });
});

describe('immutable fields', () => {
  it('recreates an opted-in migration Job when its image changes, and configures the rest in place', async () => {
    await applyTenant();
    const upgraded = definePlatform({ tenants: [{ ...platform.tenants[0], imageTag: 'v1.1.0' }] });
    const unit = renderForApply(tenantUnit(upgraded, upgraded.tenants[0]));
    const result = await applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets }, FAST);
    expect(result.changes.find((c) => c.subject === 'Job tenant-acme/db-migration')).toMatchObject({ action: 'configured', reason: expect.stringMatching(/^recreated: /) });
    expect(result.changes.find((c) => c.subject === 'Deployment tenant-acme/api')?.action).toBe('configured');
    const job = server.store.get({ kind: 'Job', namespace: 'tenant-acme', name: 'db-migration' }) as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(job.spec.template.spec.containers[0].image).toBe('ghcr.io/your-org/mechanicbuddy-dbup:v1.1.0');
  });

  it('explains an immutable change on an object that did not opt in', async () => {
    await applyTenant();
    const unit = tenant();
    const changed = unit.objects.map((o) => (o.kind === 'Deployment' && o.metadata.name === 'api'
      ? { ...o, spec: { ...(o.spec as object), selector: { matchLabels: { 'app.kubernetes.io/name': 'other' } } } } as ManifestObject
      : o));
    await expect(applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: changed, secrets: unit.secrets }, FAST))
      .rejects.toThrow(/Deployment tenant-acme\/api: .* cannot change on a live object/);
  });
});

describe('interruption and failed deletes', () => {
  it('stops when interrupted and converges when run again', async () => {
    const controller = new AbortController();
    let seen = 0;
    await expect(applyTenant({ signal: controller.signal, onProgress: (event) => { if (event.type === 'change' && ++seen === 5) controller.abort(); } }))
      .rejects.toThrow(/interrupted/);
    expect(server.store.get({ kind: 'Deployment', namespace: 'tenant-acme', name: 'api' })).toBeUndefined();
    const parent = server.store.get({ kind: 'Secret', namespace: 'tenant-acme', name: 'applyset-tenant-acme' }) as ManifestObject | undefined;
    expect(parent?.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds']).toContain('Deployment.apps');
    const again = await applyTenant();
    expect(again.changes.some((c) => c.subject === 'Deployment tenant-acme/api' && c.action === 'created')).toBe(true);
  });

  it('keeps an object whose delete failed in the inventory', async () => {
    await applyTenant();
    server.faults.add({ fault: { type: 'status', code: 403 }, match: { method: 'DELETE', path: /\/services\/web$/ } });
    const unit = tenant();
    const withoutWeb = unit.objects.filter((o) => !(o.metadata.name === 'web' && ['Deployment', 'Service', 'PodDisruptionBudget'].includes(o.kind)));
    const withoutServices = withoutWeb.filter((o) => o.kind !== 'Service');
    const result = await applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: withoutServices, secrets: unit.secrets }, { ...FAST, prune: true });
    expect(result.changes.find((c) => c.subject === 'Service tenant-acme/web')).toMatchObject({ action: 'skipped', reason: expect.stringMatching(/^delete failed/) });
    const parent = server.store.get({ kind: 'Secret', namespace: 'tenant-acme', name: 'applyset-tenant-acme' }) as ManifestObject;
    expect(parent.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds']).toContain('Service');
  });
});

describe('waiting on the server\'s clock', () => {
  it('proves a CNPG status newer than the apply with the server\'s time, whatever the local clock says', async () => {
    await server.stop();
    // A server whose clock is months behind ours: only its own times can be compared.
    server = await startFakeApiServer({ now: () => new Date('2026-01-01T00:00:00Z') });
    readyEverything(server);
    client = await clientFor(server);
    await applyTenant({ timeoutSeconds: 5, objectTimeoutSeconds: 5 });
    expect(server.store.get({ kind: 'Deployment', namespace: 'tenant-acme', name: 'api' })).toBeDefined();
  });
});
