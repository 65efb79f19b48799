/**
 * Rollback and demo expiry next to a GitOps controller, against the fake API
 * server: objects Argo CD or Flux synced (their markers written as those
 * controllers write them, under their own field managers) make `rollback`
 * refuse (exit 2) unless --force-gitops, and `tenant expire` report the
 * Application or Kustomization that would recreate the tenant. Our own
 * charts' labels (app.kubernetes.io/instance) are no marker.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManifestObject } from '../../constructs/index.js';
import { GitOpsManagedError, gitOpsOwner } from '../../src/apply/gitops-managed.js';
import { updateTenant } from '../../src/apply/provisioning.js';
import { listRevisions } from '../../src/apply/revisions.js';
import { rollbackInstance } from '../../src/apply/rollback.js';
import { chartLabels } from '../../src/charts/identity.js';
import { expireDemoTenants } from '../../src/fleet/expire.js';
import { definePlatform } from '../../src/platform/load.js';
import { cli, json } from '../cli/in-process.js';
import { apiRef, namespaceRef, syncedByArgo, syncedByFlux } from './gitops-markers.js';
import { FAST, applyTenants, startCluster, workDir, type Cluster } from './support.js';

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const API = apiRef('tenant-acme');

describe('gitOpsOwner', () => {
  const object = (metadata: Record<string, unknown>) => ({ metadata: { name: 'api', ...metadata } }) as unknown as ManifestObject;

  it('reads Argo CD\'s tracking id (an Application outside Argo CD\'s namespace is `<namespace>_<name>`) and Flux\'s owner labels', () => {
    expect(gitOpsOwner(object({ annotations: { 'argocd.argoproj.io/tracking-id': 'cluster-eu:apps/Deployment:tenant-acme/api' } }))).toEqual({ controller: 'argocd', name: 'cluster-eu' });
    expect(gitOpsOwner(object({ annotations: { 'argocd.argoproj.io/tracking-id': 'team-a_cluster-eu:/Namespace:/tenant-acme' } }))).toEqual({ controller: 'argocd', namespace: 'team-a', name: 'cluster-eu' });
    expect(gitOpsOwner(object({ labels: { 'kustomize.toolkit.fluxcd.io/name': 'cluster-eu', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } }))).toEqual({ controller: 'flux', name: 'cluster-eu', namespace: 'flux-system' });
  });

  it('with Argo CD\'s label tracking, app.kubernetes.io/instance names the Application only when Argo CD\'s field manager is on the object', () => {
    const argoLabel = { labels: { 'app.kubernetes.io/instance': 'cluster-eu' } };
    expect(gitOpsOwner(object({ ...argoLabel, managedFields: [{ manager: 'argocd-controller', operation: 'Update' }] }))).toEqual({ controller: 'argocd', name: 'cluster-eu' });
    expect(gitOpsOwner(object({ managedFields: [{ manager: 'kustomize-controller', operation: 'Apply' }] }))).toEqual({ controller: 'flux' });
    // Our charts set the same label on every object: applied by saas-charts (or kubectl), it is no marker.
    expect(gitOpsOwner(object({ labels: chartLabels('tenant-acme'), managedFields: [{ manager: 'saas-charts', operation: 'Apply' }] }))).toBeUndefined();
    expect(gitOpsOwner(object({ labels: chartLabels('tenant-acme'), managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update' }] }))).toBeUndefined();
  });
});

describe('rollback of an instance a GitOps controller syncs', () => {
  const platform = definePlatform({ tenants: [{ id: 'acme', name: 'ACME', tier: 'professional' }] });
  const file = () => join(workDir, `platform-${cluster.server.port}.yaml`);
  const imageOfApi = () => (cluster.server.store.get({ kind: 'Deployment', namespace: 'tenant-acme', name: 'api' }) as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0].image;
  let cluster: Cluster;
  beforeEach(async () => {
    cluster = await startCluster();
    writeFileSync(file(), 'tenants:\n  - { id: acme, name: ACME, tier: professional }\n');
    await updateTenant(cluster.client, platform, 'acme', { imageTag: 'v1.0.0' }, FAST);
    await updateTenant(cluster.client, platform, 'acme', { imageTag: 'v2.0.0' }, FAST);
  });
  afterEach(async () => cluster.server.stop());
  const on = (...args: string[]) => cli([...args, '--platform', file(), '--kubeconfig', cluster.kubeconfig]);

  it('an instance saas-charts applied (every object labelled app.kubernetes.io/instance by our charts) rolls back with no GitOps finding', async () => {
    const live = cluster.server.store.get({ kind: 'Deployment', namespace: 'tenant-acme', name: 'api' }) as unknown as ManifestObject;
    expect(live.metadata.labels?.['app.kubernetes.io/instance']).toBe('tenant-acme');
    const result = await rollbackInstance(cluster.client, 'tenant-acme', 'tenant-acme', FAST);
    expect([result.to, result.gitops]).toEqual([1, []]);
    expect(imageOfApi()).toBe('ghcr.io/your-org/mechanicbuddy-api:v1.0.0');

    const run = await on('rollback', 'tenant-acme', '-o', 'json');
    expect(run.code).toBe(0);
    expect(json<{ gitops: unknown[] }>(run).gitops).toEqual([]);
    expect(run.stderr).not.toContain('GitOps');
  });

  it('Argo CD: refused before anything is written, naming the Application and what to do; --force-gitops proceeds', async () => {
    await syncedByArgo(cluster, [namespaceRef('tenant-acme'), API]);
    const writes = cluster.server.requests.writes().length;
    const refusal = rollbackInstance(cluster.client, 'tenant-acme', 'tenant-acme', FAST);
    await expect(refusal).rejects.toThrow(GitOpsManagedError);
    await expect(refusal).rejects.toThrow('refusing to roll back tenant-acme: its live objects are synced from Git by Argo CD Application cluster-eu, which would roll them forward again at its next sync. Revert the commit in Git instead, or stop the sync first (argocd app set cluster-eu --sync-policy none); pass --force-gitops to roll back anyway.');
    expect(cluster.server.requests.writes().length).toBe(writes);
    expect((await listRevisions(cluster.client, 'tenant-acme', 'tenant-acme')).length).toBe(2);
    expect(imageOfApi()).toBe('ghcr.io/your-org/mechanicbuddy-api:v2.0.0');

    const run = await on('rollback', 'tenant-acme');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: refusing to roll back tenant-acme: its live objects are synced from Git by Argo CD Application cluster-eu');
    expect(run.stdout).toBe('');

    const forced = await rollbackInstance(cluster.client, 'tenant-acme', 'tenant-acme', { ...FAST, forceGitOps: true });
    expect([forced.to, forced.revision, forced.gitops]).toEqual([1, 3, [{ controller: 'argocd', name: 'cluster-eu' }]]);
    expect(imageOfApi()).toBe('ghcr.io/your-org/mechanicbuddy-api:v1.0.0');
    // Argo CD's marker is its own field: our apply leaves it.
    expect(gitOpsOwner(cluster.server.store.get({ kind: 'Deployment', namespace: 'tenant-acme', name: 'api' }) as unknown as ManifestObject)).toEqual({ controller: 'argocd', name: 'cluster-eu' });
  });

  it('Flux: the CLI refuses with exit 2 and `flux suspend`; --dry-run reports it and writes nothing; --force-gitops rolls back and says it will be rolled forward', async () => {
    await syncedByFlux(cluster, [namespaceRef('tenant-acme'), API]);
    const refused = await on('rollback', 'acme');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('synced from Git by Flux Kustomization flux-system/cluster-eu, which would roll them forward again at its next sync.');
    expect(refused.stderr).toContain('(flux suspend kustomization cluster-eu -n flux-system); pass --force-gitops to roll back anyway.');
    expect(imageOfApi()).toBe('ghcr.io/your-org/mechanicbuddy-api:v2.0.0');

    const writes = cluster.server.requests.writes().filter((r) => r.query.dryRun === undefined).length;
    const dry = await on('rollback', 'acme', '--dry-run', '-o', 'json');
    expect(dry.code).toBe(0);
    const preview = json<{ dryRun: boolean; to: number; gitops: unknown[] }>(dry);
    expect(preview).toMatchObject({ dryRun: true, to: 1, gitops: [{ controller: 'flux', name: 'cluster-eu', namespace: 'flux-system' }] });
    expect(dry.stderr).toContain('GitOps: Flux Kustomization flux-system/cluster-eu syncs these objects from Git and rolls them forward again at the next sync; without --dry-run the rollback is refused unless --force-gitops.');
    expect(cluster.server.requests.writes().filter((r) => r.query.dryRun === undefined).length).toBe(writes);
    const table = await on('rollback', 'acme', '--dry-run');
    expect([table.code, table.stdout]).toEqual([0, expect.stringContaining('would roll back tenant-acme from revision 2 to revision 1')]);
    expect(table.stdout).toContain('GitOps: Flux Kustomization flux-system/cluster-eu syncs these objects');

    const forced = await on('rollback', 'acme', '--force-gitops');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('rolled back tenant-acme from revision 2 to revision 1 (recorded as revision 3)');
    expect(forced.stdout).toContain('GitOps: Flux Kustomization flux-system/cluster-eu syncs these objects from Git and rolls them forward again at the next sync, unless it was suspended or the commit reverted.');
    expect(imageOfApi()).toBe('ghcr.io/your-org/mechanicbuddy-api:v1.0.0');
  });
});

describe('tenant expire of a demo tenant a GitOps controller syncs', () => {
  const platform = definePlatform({
    tenants: [
      { id: 'old', name: 'Old Trial', tier: 'demo', placement: 'dedicated', createdAt: '2026-11-20' },
      { id: 'stale', name: 'Stale Trial', tier: 'demo', placement: 'dedicated', createdAt: '2026-11-21' },
    ],
  });
  let cluster: Cluster;
  beforeEach(async () => {
    cluster = await startCluster();
    await applyTenants(cluster, platform);
    await syncedByArgo(cluster, [namespaceRef('tenant-old')]);
  });
  afterEach(async () => cluster.server.stop());

  it('leaves it to Git (no delete-and-recreate cycle) and reports the Application; the others still go; a tenant without markers has no gitops field', async () => {
    const run = await expireDemoTenants(cluster.client, { now: () => Date.parse('2026-12-01T00:00:00Z') });
    expect(run.expired.map((t) => [t.tenant, t.outcome, t.gitops])).toEqual([['old', 'synced-by-gitops', { controller: 'argocd', name: 'cluster-eu' }], ['stale', 'deprovisioned', undefined]]);
    expect('gitops' in run.expired[1]).toBe(false);
    expect(cluster.server.store.get({ kind: 'Deployment', namespace: 'tenant-old', name: 'api' })).toBeDefined();
    expect(cluster.server.store.get({ kind: 'Deployment', namespace: 'tenant-stale', name: 'api' })).toBeUndefined();
  });

  it('with forceGitOps it deprovisions it too, still reporting the Application that recreates it', async () => {
    const run = await expireDemoTenants(cluster.client, { now: () => Date.parse('2026-12-01T00:00:00Z'), forceGitOps: true });
    expect(run.expired.map((t) => [t.tenant, t.outcome, t.gitops])).toEqual([['old', 'deprovisioned', { controller: 'argocd', name: 'cluster-eu' }], ['stale', 'deprovisioned', undefined]]);
    expect(cluster.server.store.get({ kind: 'Deployment', namespace: 'tenant-old', name: 'api' })).toBeUndefined();
  });

  it('the CLI: a gitops field in the JSON and the hint on stderr (the CronJob\'s log); in the table a note per tenant and the hint', async () => {
    const args = ['tenant', 'expire', '--kubeconfig', cluster.kubeconfig, '--data', 'keep', '--at', '2026-12-01T00:00:00Z'];
    const dry = await cli([...args, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/\nold +2026-11-27 +synced-by-gitops +.*synced by Argo CD Application cluster-eu\n/);
    expect(dry.stdout).toMatch(/\nstale +2026-11-28 +would-deprovision +\d+ deleted, \d+ skipped\n/);
    const leftAlone = 'GitOps (Argo CD Application cluster-eu) syncs old from Git, so it was left alone: remove it from the platform file, run `saas-charts synth` and commit dist/, and GitOps prunes it (or pass --force-gitops).\n';
    expect(dry.stdout).toContain(leftAlone);

    const run = await cli([...args, '-o', 'json']);
    expect(run.code).toBe(0);
    const result = json<{ expired: { tenant: string; outcome: string; gitops?: unknown }[] }>(run);
    expect(result.expired.map((t) => [t.tenant, t.outcome, t.gitops])).toEqual([['old', 'synced-by-gitops', { controller: 'argocd', name: 'cluster-eu' }], ['stale', 'deprovisioned', undefined]]);
    expect(run.stderr).toBe(leftAlone);

    const forced = await cli([...args, '--force-gitops', '-o', 'json']);
    expect(forced.code).toBe(0);
    expect(json<{ expired: { tenant: string; outcome: string }[] }>(forced).expired.map((t) => [t.tenant, t.outcome])).toEqual([['old', 'deprovisioned'], ['stale', 'already-deprovisioned']]);
    expect(forced.stderr).toBe('GitOps (Argo CD Application cluster-eu) syncs old from Git and will recreate it: remove it from the platform file, run `saas-charts synth` and commit dist/.\n');
  });
});
