/**
 * What synth writes for shards and clusters: the default platform's bytes
 * are untouched, each shard routes exactly its tenants, each cluster gets a
 * folder, and the Argo CD wiring (one Application per cluster) passes the
 * strict checker.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ManifestObject } from '../../constructs/index.js';
import { definePlatform, parsePlatform } from '../../src/platform/load.js';
import type { PlatformInput } from '../../src/platform/schema.js';
import { synthPlatform, synthToFolder } from '../../src/synth/synth.js';
import { DEFAULT_PLATFORM_FILE, REPO_ROOT, defaultPlatform, defaultSynth, find, objectsOf } from '../support/fleet.js';

const hostsOf = (ingress: ManifestObject): string[] => ((ingress.spec as { rules: { host: string }[] }).rules).map((rule) => rule.host);

describe('no shards or clusters declared', () => {
  it('declaring freeTier.shards: 1 writes the same files, byte for byte, as the default platform', () => {
    const text = readFileSync(DEFAULT_PLATFORM_FILE, 'utf8');
    const explicit = parsePlatform(text.replace(/^freeTier:\n/m, 'freeTier:\n  shards: 1\n'), 'platform.yaml');
    expect(explicit.freeTier.shards).toBe(1);
    const files = synthPlatform(explicit).files;
    expect(files.map((f) => [f.path, f.content])).toEqual(defaultSynth().files.map((f) => [f.path, f.content]));
    expect(files.some((f) => f.path.startsWith('clusters/'))).toBe(false);
  });

  it('an empty clusters list writes what an absent one does', () => {
    const text = readFileSync(DEFAULT_PLATFORM_FILE, 'utf8');
    const empty = synthPlatform(parsePlatform(`${text}\nclusters: []\n`, 'platform.yaml'));
    expect(empty.files.map((f) => [f.path, f.content])).toEqual(defaultSynth().files.map((f) => [f.path, f.content]));
  });

  it('keeps the one free tier on the *.{domain} wildcard', () => {
    const ingress = find(objectsOf(defaultSynth(), 'free-tier/mechanicbuddy-free-tier.k8s.yaml'), 'Ingress', 'free-tier');
    expect(hostsOf(ingress)).toEqual([`*.${defaultPlatform().global.domain}`]);
  });
});

const sharded: PlatformInput = {
  freeTier: { maxTenants: 2, shards: 3 },
  tenants: [
    { id: 'a1', name: 'A1', tier: 'free' }, { id: 'a2', name: 'A2', tier: 'demo' }, { id: 'a3', name: 'A3', tier: 'free' },
    { id: 'a4', name: 'A4', tier: 'free', shard: 3 }, { id: 'acme', name: 'ACME', tier: 'professional' },
  ],
};

describe('free-tier shards', () => {
  const result = synthPlatform(definePlatform(sharded), { check: true });

  it('writes one free-tier file per shard, each Ingress routing exactly its tenants\' hosts', () => {
    const ingressOf = (namespace: string) => find(objectsOf(result, `free-tier/${namespace}.k8s.yaml`), 'Ingress', 'free-tier', namespace);
    expect(hostsOf(ingressOf('mechanicbuddy-free-tier'))).toEqual(['a1.mechanicbuddy.app', 'a2.mechanicbuddy.app']);
    expect(hostsOf(ingressOf('mechanicbuddy-free-tier-2'))).toEqual(['a3.mechanicbuddy.app']);
    expect(hostsOf(ingressOf('mechanicbuddy-free-tier-3'))).toEqual(['a4.mechanicbuddy.app']);
    const namespace = find(objectsOf(result, 'free-tier/mechanicbuddy-free-tier-2.k8s.yaml'), 'Namespace', 'mechanicbuddy-free-tier-2');
    expect(namespace.metadata.labels?.['mechanicbuddy.app/tenants']).toBe('1');
  });

  it('admits every shard to the system database, and passes every check', () => {
    const system = objectsOf(result, 'system/mechanicbuddy-system.k8s.yaml');
    for (const shard of [2, 3]) {
      const policy = find(system, 'NetworkPolicy', `allow-free-tier-${shard}-database`);
      expect(JSON.stringify(policy.spec)).toContain(`"kubernetes.io/metadata.name":"mechanicbuddy-free-tier-${shard}"`);
    }
    expect(result.check?.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('writes no Ingress for a shard without tenants (an Ingress needs a host)', () => {
    const empty = synthPlatform(definePlatform({ freeTier: { shards: 2 }, tenants: [{ id: 'a1', name: 'A1', tier: 'free' }] }));
    expect(objectsOf(empty, 'free-tier/mechanicbuddy-free-tier-2.k8s.yaml').filter((o) => o.kind === 'Ingress')).toEqual([]);
  });
});

const manyClusters: PlatformInput = {
  clusters: [
    { name: 'eu-1', context: 'kind-eu', maxTenants: 1, labels: { region: 'eu' } },
    { name: 'us-1', server: 'https://us-1.example.com:6443' },
  ],
  tenants: [
    { id: 'f1', name: 'F1', tier: 'free' },
    { id: 'acme', name: 'ACME', tier: 'professional' },
    { id: 'bigshop', name: 'Big', tier: 'enterprise' },
    { id: 'pinned', name: 'Pinned', tier: 'professional', cluster: 'us-1' },
  ],
  bricks: { instances: [{ customer: 'acme', app: 'suitecrm', cluster: 'us-1' }] },
  customers: { instances: [{ id: 'c1', email: 'c@example.com', companyName: 'C1' }] },
};

describe('many clusters', () => {
  const result = synthPlatform(definePlatform(manyClusters), { check: true });

  it('writes one folder per cluster: home holds the system and free tier; the GitOps wiring stays outside', () => {
    expect(result.files.map((f) => f.path)).toEqual([
      'clusters/eu-1/system/mechanicbuddy-system.k8s.yaml',
      'clusters/eu-1/free-tier/mechanicbuddy-free-tier.k8s.yaml',
      'gitops/argocd.k8s.yaml',
      'gitops/flux-us-1.k8s.yaml',
      'clusters/us-1/cluster/cluster-us-1.k8s.yaml',
      'clusters/eu-1/tenants/acme.k8s.yaml',
      'clusters/us-1/tenants/bigshop.k8s.yaml',
      'clusters/us-1/tenants/pinned.k8s.yaml',
      'clusters/us-1/bricks/acme-suitecrm.k8s.yaml',
      'clusters/eu-1/customers/c1.k8s.yaml',
    ]);
  });

  it('declares one Argo CD Application per cluster folder, by cluster name or server, and they pass the strict schema check', () => {
    const apps = objectsOf(result, 'gitops/argocd.k8s.yaml');
    expect(apps.map((app) => [app.kind, app.metadata.name, app.metadata.namespace])).toEqual([['Application', 'cluster-eu-1', 'argocd'], ['Application', 'cluster-us-1', 'argocd']]);
    const [eu, us] = apps.map((app) => app.spec as { destination: Record<string, string>; source: { path: string; directory: Record<string, unknown> } });
    expect(eu.destination).toEqual({ name: 'eu-1', namespace: 'default' });
    expect(us.destination).toEqual({ server: 'https://us-1.example.com:6443', namespace: 'default' });
    expect(eu.source.path).toBe('dist/clusters/eu-1');
    // Flux reconciles the bricks folders; the cluster Application leaves them alone.
    expect(eu.source.directory).toEqual({ exclude: 'bricks/*', recurse: true });
    expect(apps[0].metadata.labels).toMatchObject({ region: 'eu', 'mechanicbuddy.app/cluster': 'eu-1' });
    expect(result.check?.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.check?.objects).toBeGreaterThan(0);
  });

  it('the strict checker really validates these Applications against the vendored Argo CD CRD: a misspelled field fails', async () => {
    const { validateObject } = await import('../../src/check/schema/index.js');
    const [app] = objectsOf(result, 'gitops/argocd.k8s.yaml');
    expect(validateObject(app as never)).toEqual([]);
    const spec = app.spec as { destination: Record<string, string> };
    const misspelled = { ...app, spec: { ...spec, destination: { ...spec.destination, nmae: 'eu-1' } } };
    expect(validateObject(misspelled as never).map((p) => p.path)).toEqual(['spec.destination.nmae']);
  });

  it('gives every further cluster the ClusterIssuer its Certificates name, and Flux the cluster\'s own bricks folder', () => {
    const [issuer] = objectsOf(result, 'clusters/us-1/cluster/cluster-us-1.k8s.yaml');
    expect([issuer.kind, issuer.metadata.name, issuer.metadata.namespace]).toEqual(['ClusterIssuer', 'letsencrypt-prod', undefined]);
    const kustomization = find(objectsOf(result, 'gitops/flux-us-1.k8s.yaml'), 'Kustomization', 'bricks');
    expect((kustomization.spec as { path: string }).path).toBe('./dist/clusters/us-1/bricks');
  });

  it('adding a tenant adds its file and leaves every other file byte for byte', () => {
    const more = synthPlatform(definePlatform({ ...manyClusters, tenants: [...manyClusters.tenants!, { id: 'newco', name: 'New', tier: 'professional' }] }));
    const before = new Map(result.files.map((f) => [f.path, f.content]));
    const changed = more.files.filter((f) => before.get(f.path) !== f.content).map((f) => f.path);
    expect(changed).toEqual(['clusters/us-1/tenants/newco.k8s.yaml']);
  });

  it('worker threads write the same bytes to the same cluster folders', async () => {
    // Worker threads load the compiled library (npm test compiles first), as in test/synth.test.ts.
    const { synthPlatformFast } = await import(pathToFileURL(join(REPO_ROOT, 'lib/src/synth/synth.js')).href) as typeof import('../../src/synth/synth.js');
    const fleet = definePlatform({ ...manyClusters, tenants: [...manyClusters.tenants!, ...Array.from({ length: 12 }, (_, i) => ({ id: `t${i}`, name: `T${i}`, tier: 'professional' as const }))] });
    const threaded = await synthPlatformFast(fleet, { workers: 2 });
    expect(threaded.files.map((f) => [f.path, f.content])).toEqual(synthPlatform(fleet).files.map((f) => [f.path, f.content]));
    expect(threaded.files.filter((f) => f.path.startsWith('clusters/us-1/tenants/')).length).toBe(14);
  });

  it('synthToFolder stages and writes the per-cluster folders', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'saas-charts-clusters-')), 'dist');
    const staged = await synthToFolder(definePlatform(manyClusters), out);
    await staged.commit();
    expect(readdirSync(join(out, 'clusters')).sort()).toEqual(['eu-1', 'us-1']);
    expect(readdirSync(join(out, 'clusters', 'us-1', 'tenants')).sort()).toEqual(['bigshop.k8s.yaml', 'pinned.k8s.yaml']);
  });
});

describe('capacity with shards', () => {
  it('counts the seats of every shard', async () => {
    const { capacityReport } = await import('../../src/capacity/report.js');
    expect(capacityReport(definePlatform(sharded)).freeTier).toMatchObject({ tenants: 4, maxTenants: 6, fits: true, text: '4 of 6' });
  });
});

describe('the README example', () => {
  it('is a valid platform file that places tenants where its comments say', () => {
    const readme = readFileSync(DEFAULT_PLATFORM_FILE.replace('platform.yaml', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Free-tier shards and many clusters'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const paths = synthPlatform(parsePlatform(example!, 'README.md')).files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([
      'clusters/eu-1/free-tier/mechanicbuddy-free-tier.k8s.yaml', 'clusters/eu-1/free-tier/mechanicbuddy-free-tier-2.k8s.yaml',
      'clusters/eu-1/tenants/acme.k8s.yaml', 'clusters/us-1/tenants/rapidfix.k8s.yaml', 'gitops/argocd.k8s.yaml',
    ]));
  });
});
