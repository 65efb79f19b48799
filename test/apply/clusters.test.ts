/**
 * Many clusters against two in-process fake API servers and one kubeconfig
 * with a context each: apply, status and diff reach every cluster through the
 * context the platform file names, and each cluster gets only its objects.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, json } from '../cli/in-process.js';
import { kubeconfigWithContexts, startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';

const dir = mkdtempSync(join(tmpdir(), 'saas-charts-clusters-'));
const platform = join(dir, 'platform.yaml');
const secrets = join(dir, 'secrets.yaml');
const kubeconfig = join(dir, 'kubeconfig');
let eu: FakeApiServer;
let us: FakeApiServer;

beforeAll(async () => {
  [eu, us] = await Promise.all([startFakeApiServer(), startFakeApiServer()]);
  for (const server of [eu, us]) {
    for (const kind of ['Deployment', 'Job', 'Cluster', 'Certificate', 'StatefulSet', 'PersistentVolumeClaim']) server.autoAdvance({ kind, afterMs: 5 });
  }
  writeFileSync(kubeconfig, kubeconfigWithContexts([{ context: 'kind-eu', url: eu.url }, { context: 'kind-us', url: us.url }]));
  writeFileSync(platform, [
    'clusters:',
    '  - { name: eu-1, context: kind-eu, maxTenants: 1 }',
    '  - { name: us-1, context: kind-us }',
    'tenants:',
    '  - { id: acme, name: ACME, tier: professional }',
    '  - { id: bigshop, name: Big Shop, tier: enterprise }',
    '',
  ].join('\n'));
  writeFileSync(secrets, 'email-credentials/api-key: re_clusters_key\n');
});
afterAll(async () => {
  await Promise.all([eu.stop(), us.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => cli([...args, '--platform', platform, '--kubeconfig', kubeconfig]);
const namespaces = (server: FakeApiServer) => server.store.list('Namespace').map((ns) => (ns.metadata as { name: string }).name);
const realWrites = (server: FakeApiServer) => server.requests.writes().filter((r) => r.query.dryRun === undefined);

describe('apply and status across clusters', () => {
  it('applies each tenant through its cluster\'s context: eu-1 gets acme only, us-1 bigshop only', async () => {
    const applied = await run('apply', 'tenant-acme', 'tenant-bigshop', '--secrets-file', secrets, '--output', 'json');
    expect(applied.code, applied.stderr).toBe(0);
    const report = json<{ instances: { instance: string; cluster: string }[] }>(applied);
    expect(report.instances.map((i) => [i.instance, i.cluster])).toEqual([['tenant-acme', 'eu-1'], ['tenant-bigshop', 'us-1']]);
    expect(namespaces(eu)).toContain('tenant-acme');
    expect(namespaces(eu)).not.toContain('tenant-bigshop');
    expect(namespaces(us)).toContain('tenant-bigshop');
    expect(namespaces(us)).not.toContain('tenant-acme');
    const foreign = (server: FakeApiServer, namespace: string) => ['Deployment', 'Service', 'Ingress', 'Cluster', 'Secret', 'Job'].flatMap((kind) => server.store.list(kind, { namespace }));
    expect(foreign(eu, 'tenant-acme').length).toBeGreaterThan(5);
    expect(foreign(eu, 'tenant-bigshop')).toEqual([]);
    expect(foreign(us, 'tenant-acme')).toEqual([]);
  });

  it('--cluster us-1 applies only what runs there (its ClusterIssuer and bigshop) and never talks to eu-1', async () => {
    eu.requests.clear();
    const applied = await run('apply', '--cluster', 'us-1', '--secrets-file', secrets, '--output', 'json');
    expect(applied.code, applied.stderr).toBe(0);
    expect(json<{ instances: { instance: string }[] }>(applied).instances.map((i) => i.instance)).toEqual(['cluster-us-1', 'tenant-bigshop']);
    expect(eu.requests.all()).toEqual([]);
    expect(us.store.get({ kind: 'ClusterIssuer', name: 'letsencrypt-prod' })).toBeDefined();
    expect(eu.store.get({ kind: 'ClusterIssuer', name: 'letsencrypt-prod' })).toBeUndefined();
  });

  it('status reads each cluster through its context and tags each instance with it', async () => {
    const status = await run('status', 'tenant-acme', 'tenant-bigshop', '--output', 'json');
    expect(status.code, status.stderr).toBe(0);
    const report = json<{ instances: { instance: string; cluster: string; objects: { state: string }[] }[] }>(status);
    expect(report.instances.map((i) => [i.instance, i.cluster])).toEqual([['tenant-acme', 'eu-1'], ['tenant-bigshop', 'us-1']]);
    expect(report.instances.flatMap((i) => i.objects).filter((o) => o.state === 'missing')).toEqual([]);
    const table = await run('status', '--cluster', 'eu-1', 'tenant-acme');
    expect(table.stdout).toContain('tenant-acme (cluster eu-1)');
    expect(table.stdout).not.toContain('bigshop');
  });

  it('tenant status reads a tenant from its own cluster', async () => {
    eu.requests.clear();
    const status = await run('tenant', 'status', 'bigshop', '--output', 'json');
    expect(status.code, status.stderr).toBe(0);
    const components = json<{ components: { state: string }[] }>(status).components;
    expect(components.length).toBeGreaterThan(0);
    expect(components.filter((c) => c.state === 'missing')).toEqual([]);
    expect(eu.requests.all()).toEqual([]);
  });

  it('--context overrides one cluster\'s context: eu-1\'s tenant read through the us context is missing there', async () => {
    eu.requests.clear();
    us.requests.clear();
    const status = await run('status', 'tenant-acme', '--cluster', 'eu-1', '--context', 'kind-us', '--output', 'json');
    expect(status.code, status.stderr).toBe(0);
    const objects = json<{ instances: { cluster: string; objects: { state: string; subject: string }[] }[] }>(status).instances[0].objects;
    expect(objects).toContainEqual(expect.objectContaining({ state: 'missing', subject: 'Namespace tenant-acme' }));
    expect(eu.requests.all()).toEqual([]);
    expect(us.requests.all().length).toBeGreaterThan(0);
  });

  it('diff reaches each cluster through its context: nothing pending after the applies', async () => {
    eu.requests.clear();
    us.requests.clear();
    const diff = await run('diff', 'tenant-acme', 'tenant-bigshop', '--output', 'json');
    expect(diff.code, diff.stderr).toBe(0);
    const report = json<{ instances: { instance: string; cluster: string; changes: unknown[] }[] }>(diff);
    expect(report.instances.map((i) => [i.instance, i.cluster, i.changes.length])).toEqual([['tenant-acme', 'eu-1', 0], ['tenant-bigshop', 'us-1', 0]]);
    expect([...realWrites(eu), ...realWrites(us)]).toEqual([]);
    expect(eu.requests.all().length).toBeGreaterThan(0);
    expect(us.requests.all().length).toBeGreaterThan(0);
  });

  it('tenant provision lands a new dedicated tenant on the first cluster with a free seat, through its context', async () => {
    eu.requests.clear();
    const provisioned = await run('tenant', 'provision', '--name', 'New Co', '--id', 'newco', '--tier', 'professional', '--secrets-file', secrets, '--no-save', '--output', 'json');
    expect(provisioned.code, provisioned.stderr).toBe(0);
    // eu-1 holds its one tenant (acme): the new one goes to us-1, as synth places it once appended to the platform file.
    expect(namespaces(us)).toContain('tenant-newco');
    expect(namespaces(eu)).not.toContain('tenant-newco');
    expect(realWrites(eu)).toEqual([]);
  });

  it('tenant provision pins the cluster it chose in the platform file, so removing an earlier tenant cannot move it', async () => {
    const copy = join(dir, 'pinned.yaml');
    writeFileSync(copy, readFileSync(platform, 'utf8'));
    const provisioned = await cli(['tenant', 'provision', '--name', 'Try Co', '--id', 'tryco', '--tier', 'free', '--secrets-file', secrets, '--output', 'json', '--platform', copy, '--kubeconfig', kubeconfig]);
    expect(provisioned.code, provisioned.stderr).toBe(0);
    // A free tenant provisioned this way is dedicated: first-fit puts it on us-1 (eu-1 is full), where it was applied.
    expect(namespaces(us)).toContain('tenant-tryco');
    const recorded = (parse(readFileSync(copy, 'utf8')) as { tenants: { id: string; cluster?: string }[] }).tenants.find((t) => t.id === 'tryco');
    expect(recorded?.cluster).toBe('us-1');
  });

  it('fleet upgrade upgrades each tenant on its own cluster', async () => {
    const upgraded = await run('fleet', 'upgrade', '--image-tag', 'v9.9.9', '--no-save', '--secrets-file', secrets, '--output', 'json');
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(json<{ upgraded: { tenant: string }[] }>(upgraded).upgraded.map((t) => t.tenant).sort()).toEqual(['acme', 'bigshop']);
    const image = (server: FakeApiServer, namespace: string) => (server.store.get({ kind: 'Deployment', namespace, name: 'api' }) as { spec: { template: { spec: { containers: { image: string }[] } } } } | undefined)?.spec.template.spec.containers[0].image;
    expect(image(eu, 'tenant-acme')).toMatch(/:v9\.9\.9$/);
    expect(image(us, 'tenant-bigshop')).toMatch(/:v9\.9\.9$/);
    expect(image(eu, 'tenant-bigshop')).toBeUndefined();
    expect(image(us, 'tenant-acme')).toBeUndefined();
  });

  it('tenant expire reads and expires the demo tenants of every cluster, each named with its cluster', async () => {
    const demos = join(dir, 'demos.yaml');
    writeFileSync(demos, [
      'clusters:', '  - { name: eu-1, context: kind-eu }', '  - { name: us-1, context: kind-us }', 'tenants:',
      '  - { id: demo-eu, name: Demo EU, tier: demo, placement: dedicated, createdAt: "2026-01-01", cluster: eu-1 }',
      '  - { id: demo-us, name: Demo US, tier: demo, placement: dedicated, createdAt: "2026-01-01", cluster: us-1 }', '',
    ].join('\n'));
    const withDemos = (...args: string[]) => cli([...args, '--platform', demos, '--kubeconfig', kubeconfig]);
    const applied = await withDemos('apply', 'tenant-demo-eu', 'tenant-demo-us', '--secrets-file', secrets, '--no-wait', '--quiet');
    expect(applied.code, applied.stderr).toBe(0);
    const expired = await withDemos('tenant', 'expire', '--dry-run', '--at', '2027-01-01T00:00:00Z', '--output', 'json');
    expect(expired.code, expired.stderr).toBe(0);
    expect(json<{ expired: { tenant: string; cluster: string; outcome: string }[] }>(expired).expired.map((t) => [t.tenant, t.cluster, t.outcome]))
      .toEqual([['demo-eu', 'eu-1', 'would-deprovision'], ['demo-us', 'us-1', 'would-deprovision']]);
    const onlyUs = await withDemos('tenant', 'expire', '--dry-run', '--at', '2027-01-01T00:00:00Z', '--cluster', 'us-1', '--output', 'json');
    expect(json<{ expired: { tenant: string }[] }>(onlyUs).expired.map((t) => t.tenant)).toEqual(['demo-us']);
  });

  it('history reads an instance\'s revisions from its own cluster', async () => {
    eu.requests.clear();
    const history = await run('history', 'bigshop', '--output', 'json');
    expect(history.code, history.stderr).toBe(0);
    const report = json<{ instance: string; revisions: { status: string }[] }>(history);
    expect(report.instance).toBe('tenant-bigshop');
    expect(report.revisions.length).toBeGreaterThan(0);
    expect(eu.requests.all()).toEqual([]);
  });

  it('refuses (exit 2) --context reaching several clusters, an unknown --cluster, and an instance not on the chosen cluster', async () => {
    const several = await run('status', '--context', 'kind-eu');
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('--context "kind-eu" would talk to 2 clusters (eu-1, us-1) through one context; add --cluster NAME');
    const unknown = await run('apply', '--cluster', 'mars', '--dry-run');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--cluster "mars" is not a declared cluster (clusters: eu-1, us-1)');
    const elsewhere = await run('apply', 'tenant-acme', '--cluster', 'us-1', '--dry-run');
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('none of the chosen instances runs on cluster us-1');
  });

  it('without clusters declared, --cluster is refused and JSON carries no cluster field', async () => {
    const single = join(dir, 'single.yaml');
    writeFileSync(single, 'tenants:\n  - { id: acme, name: ACME, tier: professional }\n');
    const refused = await cli(['status', 'tenant-acme', '--cluster', 'eu-1', '--platform', single, '--kubeconfig', kubeconfig]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--cluster "eu-1": the platform declares no clusters');
    const status = await cli(['status', 'tenant-acme', '--platform', single, '--kubeconfig', kubeconfig, '--output', 'json']);
    expect(status.code, status.stderr).toBe(0);
    expect(Object.keys(json<{ instances: object[] }>(status).instances[0])).toEqual(['instance', 'objects']);
  });

  it('delete checks every cluster before deleting on any: a tenant Flux syncs on us-1 leaves eu-1\'s tenant as it was', async () => {
    const synced = us.store.get({ kind: 'Namespace', name: 'tenant-bigshop' }) as { metadata: { labels?: Record<string, string> } };
    us.store.put({ ...synced, metadata: { ...synced.metadata, labels: { ...synced.metadata.labels, 'kustomize.toolkit.fluxcd.io/name': 'cluster-us-1', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } } } as never);
    eu.requests.clear();
    const refused = await run('delete', 'tenant-acme', 'tenant-bigshop');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Flux Kustomization flux-system/cluster-us-1');
    expect(realWrites(eu)).toEqual([]);
    expect(eu.store.get({ kind: 'Deployment', namespace: 'tenant-acme', name: 'api' })).toBeDefined();
  });
});
