/**
 * `delete` and `tenant deprovision` next to a GitOps controller, through the
 * CLI against the fake API server: objects Argo CD or Flux synced (markers as
 * those controllers write them) are refused with exit 2 before anything is
 * deleted, since the next sync recreates them; --force-gitops deletes them,
 * --dry-run names the owner. `tenant upgrade` and `brick ... --apply` go ahead
 * with one note, like `apply`.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { definePlatform } from '../../src/platform/load.js';
import { cli, json } from '../cli/in-process.js';
import { apiRef, namespaceRef, syncedByArgo, syncedByFlux } from './gitops-markers.js';
import { applyTenants, startCluster, workDir, type Cluster } from './support.js';

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const TENANTS = ['acme', 'beta'];
const markers = (id: string) => [namespaceRef(`tenant-${id}`), apiRef(`tenant-${id}`)];
const gitOpsNotesIn = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('GitOps'));
const REMOVE = 'take it out of the platform file, run `saas-charts synth` and commit dist/, and GitOps prunes it (its namespace, volumes and database stay: they carry keep annotations)';

describe('deletes of instances a GitOps controller syncs', () => {
  const platform = definePlatform({ tenants: TENANTS.map((id) => ({ id, name: id.toUpperCase(), tier: 'professional' as const })) });
  const file = () => join(workDir, `gitops-deletes-${cluster.server.port}.yaml`);
  const on = (...args: string[]) => cli([...args, '--platform', file(), '--kubeconfig', cluster.kubeconfig]);
  const api = (id: string) => cluster.server.store.get({ kind: 'Deployment', namespace: `tenant-${id}`, name: 'api' });
  const namespace = (id: string) => cluster.server.store.get({ kind: 'Namespace', name: `tenant-${id}` });
  const deletes = () => cluster.server.requests.writes().filter((request) => request.method === 'DELETE' && request.query.dryRun === undefined).length;
  let cluster: Cluster;
  beforeEach(async () => {
    cluster = await startCluster();
    writeFileSync(file(), `tenants:\n${TENANTS.map((id) => `  - { id: ${id}, name: ${id.toUpperCase()}, tier: professional }\n`).join('')}`);
    await applyTenants(cluster, platform);
  });
  afterEach(async () => cluster.server.stop());

  it('unmarked (our charts\' own labels only): delete and deprovision delete as before, with no GitOps note', async () => {
    const deleted = await on('delete', 'tenant-acme');
    expect([deleted.code, api('acme')]).toEqual([0, undefined]);
    expect(deleted.stderr).not.toContain('GitOps');

    const purged = await on('tenant', 'deprovision', 'beta', '--purge', '--yes', '-o', 'json');
    expect(purged.code).toBe(0);
    expect(json<{ changes: { subject: string; action: string }[] }>(purged).changes).toContainEqual({ subject: 'Namespace tenant-beta', action: 'deleted' });
    expect(purged.stderr).not.toContain('GitOps');
  });

  it('Argo CD: delete and deprovision --purge refused with exit 2, nothing deleted, naming the Application, what to do and --force-gitops', async () => {
    await syncedByArgo(cluster, markers('acme'));
    const writes = cluster.server.requests.writes().length;

    const refused = await on('delete', 'tenant-acme', '--purge', '--yes');
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).toContain('error: refusing to delete tenant-acme: its live objects are synced from Git by Argo CD Application cluster-eu, which would recreate them at its next sync (after --purge, with a new empty database).');
    expect(refused.stderr).toContain(`To remove it, ${REMOVE}; or stop the sync first (argocd app set cluster-eu --sync-policy none); pass --force-gitops to delete anyway.`);

    const deprovision = await on('tenant', 'deprovision', 'acme', '--purge', '--yes');
    expect([deprovision.code, deprovision.stdout]).toEqual([2, '']);
    expect(deprovision.stderr).toContain('error: refusing to delete tenant-acme: its live objects are synced from Git by Argo CD Application cluster-eu');

    expect(cluster.server.requests.writes().length).toBe(writes);
    expect([api('acme'), namespace('acme')]).toEqual([expect.anything(), expect.anything()]);
  });

  it('Flux: several instances are all checked first (refused: none deleted); --dry-run reports the Kustomization; --force-gitops deletes with a note', async () => {
    await syncedByFlux(cluster, markers('beta'));
    const before = deletes();

    // tenant-beta is synced; tenant-acme, deleted first in reverse order, must stay too.
    const refused = await on('delete', 'tenant-acme', 'tenant-beta');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error: refusing to delete tenant-beta: its live objects are synced from Git by Flux Kustomization flux-system/cluster-eu');
    expect(refused.stderr).toContain('(flux suspend kustomization cluster-eu -n flux-system); pass --force-gitops to delete anyway.');
    expect(deletes()).toBe(before);
    expect([api('acme'), api('beta')]).toEqual([expect.anything(), expect.anything()]);

    const dry = await on('delete', 'tenant-acme', 'tenant-beta', '--dry-run', '-o', 'json');
    expect(dry.code).toBe(0);
    expect(json<{ dryRun: boolean; instances: { instance: string }[] }>(dry).instances.map((i) => i.instance)).toEqual(['tenant-beta', 'tenant-acme']);
    expect(gitOpsNotesIn(dry.stderr)).toEqual(['GitOps: Flux Kustomization flux-system/cluster-eu syncs tenant-beta from Git and would recreate what this deletes at the next sync; without --dry-run the delete is refused unless --force-gitops (to remove an instance, take it out of the platform file, run `saas-charts synth` and commit dist/).']);
    expect(deletes()).toBe(before);

    const forced = await on('tenant', 'deprovision', 'beta', '--force-gitops');
    expect([forced.code, api('beta'), namespace('beta')]).toEqual([0, undefined, expect.anything()]);
    expect(gitOpsNotesIn(forced.stderr)).toEqual(['GitOps: Flux Kustomization flux-system/cluster-eu syncs tenant-beta from Git and recreates what was deleted at the next sync unless the sync is suspended (to remove an instance, take it out of the platform file, run `saas-charts synth` and commit dist/).']);

    await syncedByFlux(cluster, markers('acme'));
    const deleted = await on('delete', 'tenant-acme', '--force-gitops');
    expect([deleted.code, api('acme')]).toEqual([0, undefined]);
    expect(gitOpsNotesIn(deleted.stderr)).toEqual([expect.stringContaining('GitOps: Flux Kustomization flux-system/cluster-eu syncs tenant-acme from Git and recreates what was deleted')]);
  });

  it('--help of delete and tenant deprovision names --force-gitops', async () => {
    for (const command of [['delete'], ['tenant', 'deprovision']]) {
      const help = await cli([...command, '--help']);
      expect(help.stdout).toContain('--force-gitops');
      expect(help.stdout).toContain('Refused (exit 2, nothing deleted) when Argo CD or Flux syncs');
    }
  });
});

describe('tenant upgrade and brick --apply next to a GitOps controller', () => {
  let cluster: Cluster;
  beforeEach(async () => {
    cluster = await startCluster();
  });
  afterEach(async () => cluster.server.stop());

  it('brick pause --apply: one note naming the Argo CD Application of a synced brick; none before it was synced', async () => {
    const file = join(workDir, `gitops-bricks-${cluster.server.port}.yaml`);
    writeFileSync(file, 'bricks:\n  instances: []\n');
    const brick = (action: string) => cli(['brick', action, '--customer', 'acme', '--app', 'suitecrm', '--platform', file, '--out', join(workDir, `gitops-bricks-${cluster.server.port}`), '--apply', '--kubeconfig', cluster.kubeconfig]);
    const deployed = await brick('deploy');
    expect(deployed.code).toBe(0);
    expect(deployed.stderr).not.toContain('GitOps');

    await syncedByArgo(cluster, [namespaceRef('acme-suitecrm'), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'suitecrm', namespace: 'acme-suitecrm' } }], 'bricks');
    const paused = await brick('pause');
    expect(paused.code).toBe(0);
    expect(gitOpsNotesIn(paused.stderr)).toEqual([`GitOps: Argo CD Application bricks syncs acme-suitecrm from Git and rolls these changes back at the next sync unless they reach Git: commit ${file} and ${join(workDir, `gitops-bricks-${cluster.server.port}`)}/.`]);
  });

  it('tenant upgrade in place: one note naming the Flux Kustomization of the tenant it changed', async () => {
    const platform = definePlatform({ tenants: [{ id: 'acme', name: 'ACME', tier: 'professional' }] });
    await applyTenants(cluster, platform);
    await syncedByFlux(cluster, markers('acme'));
    const file = join(workDir, `gitops-upgrade-${cluster.server.port}.yaml`);
    writeFileSync(file, 'tenants:\n  - { id: acme, name: ACME, tier: professional }\n');
    const run = await cli(['tenant', 'upgrade', 'acme', '--tier', 'enterprise', '--platform', file, '--kubeconfig', cluster.kubeconfig]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('tenant acme: professional -> enterprise (in-place)');
    expect(gitOpsNotesIn(run.stderr)).toEqual(['GitOps: Flux Kustomization flux-system/cluster-eu syncs tenant-acme from Git and rolls these changes back at the next sync unless they reach Git: commit the platform file, run `saas-charts synth` and commit dist/.']);
  });
});
