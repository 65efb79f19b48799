/**
 * `apply`, `tenant update` and `fleet upgrade` next to a GitOps controller,
 * through the CLI against the fake API server: they still apply (exit 0), and
 * when Argo CD or Flux syncs an instance they changed, one note on stderr
 * names its Application or Kustomization and what keeps the change. Objects
 * saas-charts applied itself, and runs that change nothing, get no note.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManifestObject } from '../../constructs/index.js';
import { gitOpsNotes } from '../../src/cli/gitops-note.js';
import { definePlatform } from '../../src/platform/load.js';
import { cli, json } from '../cli/in-process.js';
import { apiRef, namespaceRef, syncedByArgo, syncedByFlux } from './gitops-markers.js';
import { applyTenants, startCluster, workDir, type Cluster } from './support.js';

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const KEEP_EDITED = 'commit the platform file, run `saas-charts synth` and commit dist/.\n';
const TENANTS = ['acme', 'beta', 'gamma'];
const platformText = (tags: Readonly<Record<string, string>> = {}) =>
  `tenants:\n${TENANTS.map((id) => `  - { id: ${id}, name: ${id.toUpperCase()}, tier: professional${tags[id] ? `, imageTag: ${tags[id]}` : ''} }\n`).join('')}`;
const markers = (id: string) => [namespaceRef(`tenant-${id}`), apiRef(`tenant-${id}`)];
const gitOpsNotesIn = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('GitOps'));

describe('gitOpsNotes', () => {
  const argo = (application: string) => [{ metadata: { name: 'api', annotations: { 'argocd.argoproj.io/tracking-id': `${application}:apps/Deployment:x/api` } } }] as unknown as ManifestObject[];

  it('names each Application or Kustomization once, lists at most three names then "and N more", and leaves out instances that did not change', () => {
    const notes = gitOpsNotes();
    for (const n of [1, 2, 3, 4, 5]) notes.inspectLive(argo(n <= 3 ? 'cluster-eu' : `app-${n}`), `tenant-t${n}`);
    notes.inspectLive([], 'tenant-plain');
    expect(notes.note(['tenant-plain'], 'keep')).toBeUndefined();
    expect(notes.note(['tenant-t1', 'tenant-t2'], 'keep')).toBe('GitOps: Argo CD Application cluster-eu syncs tenant-t1 and tenant-t2 from Git and rolls these changes back at the next sync unless they reach Git: keep.');
    expect(notes.note(['tenant-t1', 'tenant-t2', 'tenant-t3', 'tenant-t4', 'tenant-t5', 'tenant-plain'], 'keep', true)).toBe(
      'GitOps: Argo CD Application app-4, Argo CD Application app-5 and Argo CD Application cluster-eu sync tenant-t1, tenant-t2, tenant-t3 and 2 more from Git and would roll these changes back at the next sync unless they reach Git: keep.',
    );
  });
});

describe('commands that apply next to a GitOps controller', () => {
  const platform = definePlatform({ tenants: TENANTS.map((id) => ({ id, name: id.toUpperCase(), tier: 'professional' as const })) });
  const file = () => join(workDir, `gitops-notes-${cluster.server.port}.yaml`);
  const on = (...args: string[]) => cli([...args, '--platform', file(), '--kubeconfig', cluster.kubeconfig]);
  const imageOfApi = (id: string) => (cluster.server.store.get({ kind: 'Deployment', namespace: `tenant-${id}`, name: 'api' }) as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0].image.split(':').at(-1);
  let cluster: Cluster;
  beforeEach(async () => {
    cluster = await startCluster();
    writeFileSync(file(), platformText());
    await applyTenants(cluster, platform);
  });
  afterEach(async () => cluster.server.stop());

  it('tenant update: no note for a tenant saas-charts applied; Argo CD named in one note (also with -o json, whose shape stays), none with --quiet', async () => {
    const plain = await on('tenant', 'update', 'acme', '--image-tag', 'v2.0.0');
    expect([plain.code, imageOfApi('acme')]).toEqual([0, 'v2.0.0']);
    expect(plain.stderr).not.toContain('GitOps');

    await syncedByArgo(cluster, markers('acme'));
    const run = await on('tenant', 'update', 'acme', '--image-tag', 'v3.0.0', '-o', 'json');
    expect([run.code, imageOfApi('acme')]).toEqual([0, 'v3.0.0']);
    expect(Object.keys(json(run))).toEqual(['tenant', 'changes']);
    expect(gitOpsNotesIn(run.stderr)).toEqual([`GitOps: Argo CD Application cluster-eu syncs tenant-acme from Git and rolls these changes back at the next sync unless they reach Git: ${KEEP_EDITED.trim()}`]);
    expect(readFileSync(file(), 'utf8')).toContain('imageTag: v3.0.0');

    const quiet = await on('tenant', 'update', 'acme', '--image-tag', 'v4.0.0', '--quiet');
    expect([quiet.code, quiet.stdout, quiet.stderr, imageOfApi('acme')]).toEqual([0, '', '', 'v4.0.0']);
  });

  it('apply: Flux named for a changed instance (dry-run: "would roll back"), no note when nothing changed or for instances saas-charts applied', async () => {
    writeFileSync(file(), platformText({ acme: 'v2.0.0', beta: 'v2.0.0' }));
    const plain = await on('apply', 'tenant-acme', '-o', 'json');
    expect([plain.code, imageOfApi('acme')]).toEqual([0, 'v2.0.0']);
    expect(plain.stderr).not.toContain('GitOps');

    await syncedByFlux(cluster, markers('beta'));
    const dry = await on('apply', 'tenant-beta', '--dry-run');
    expect([dry.code, imageOfApi('beta')]).toEqual([0, 'v1.0.0']);
    expect(gitOpsNotesIn(dry.stderr)).toEqual(['GitOps: Flux Kustomization flux-system/cluster-eu syncs tenant-beta from Git and would roll these changes back at the next sync unless they reach Git: run `saas-charts synth` on this platform file and commit dist/.']);

    const run = await on('apply', 'tenant-acme', 'tenant-beta', '-o', 'json');
    expect([run.code, imageOfApi('beta')]).toEqual([0, 'v2.0.0']);
    expect(json<{ dryRun: boolean; instances: { instance: string }[] }>(run).instances.map((i) => i.instance)).toEqual(['tenant-acme', 'tenant-beta']);
    expect(gitOpsNotesIn(run.stderr)).toEqual(['GitOps: Flux Kustomization flux-system/cluster-eu syncs tenant-beta from Git and rolls these changes back at the next sync unless they reach Git: run `saas-charts synth` on this platform file and commit dist/.']);

    // Everything already as the platform file says: nothing for GitOps to roll back.
    const again = await on('apply', 'tenant-beta');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/tenant-beta:\n[\s\S]*\d+ unchanged\n/);
    expect(again.stderr).not.toContain('GitOps');
  });

  it('fleet upgrade: one note naming Argo CD and Flux once each and the tenants they sync; none for a fleet saas-charts applied', async () => {
    const plain = await on('fleet', 'upgrade', '--image-tag', 'v2.0.0', '-o', 'json');
    expect([plain.code, ...TENANTS.map(imageOfApi)]).toEqual([0, 'v2.0.0', 'v2.0.0', 'v2.0.0']);
    expect(plain.stderr).not.toContain('GitOps');

    await syncedByArgo(cluster, markers('acme'));
    await syncedByArgo(cluster, markers('beta'));
    await syncedByFlux(cluster, markers('gamma'), 'tenants');
    const run = await on('fleet', 'upgrade', '--image-tag', 'v3.0.0');
    expect([run.code, ...TENANTS.map(imageOfApi)]).toEqual([0, 'v3.0.0', 'v3.0.0', 'v3.0.0']);
    expect(run.stdout).toContain('3 upgraded, 0 failed, 0 not attempted');
    expect(gitOpsNotesIn(run.stderr)).toEqual([`GitOps: Argo CD Application cluster-eu and Flux Kustomization flux-system/tenants sync tenant-acme, tenant-beta and tenant-gamma from Git and roll these changes back at the next sync unless they reach Git: ${KEEP_EDITED.trim()}`]);

    const unsaved = await on('fleet', 'upgrade', '--image-tag', 'v4.0.0', '--tier', 'professional', '--no-save', '-o', 'json');
    expect(unsaved.code).toBe(0);
    expect(gitOpsNotesIn(unsaved.stderr)).toEqual([expect.stringContaining('unless they reach Git: set the new tags in the platform file (--no-save left it as it was), commit it, run `saas-charts synth` and commit dist/.')]);
  });
});
