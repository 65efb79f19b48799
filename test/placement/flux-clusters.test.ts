/**
 * `global.gitops.engine: flux`: the cluster folders are synced by Flux instead
 * of Argo CD, from the home cluster (one GitRepository, one Kustomization per
 * cluster, further clusters through their kubeconfig Secrets). Checked against
 * the vendored Flux CRDs, and the GitRepository's ignore rules against git's
 * own matcher (Flux reads the same .gitignore syntax).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ManifestObject } from '../../constructs/index.js';
import { definePlatform } from '../../src/platform/load.js';
import type { PlatformInput } from '../../src/platform/schema.js';
import { synthPlatform } from '../../src/synth/synth.js';
import { cli } from '../cli/in-process.js';
import { find, objectsOf } from '../support/fleet.js';
import { platformProblems as problems } from '../support/platform-problems.js';

const fleet: PlatformInput = {
  global: { gitops: { engine: 'flux', repoURL: 'https://git.example.com/fleet', flux: { secretName: 'fleet-git' } } },
  clusters: [
    { name: 'eu-1', labels: { region: 'eu' } },
    { name: 'us-1' },
    { name: 'ap-1', kubeConfigSecret: 'ap-admin' },
  ],
  tenants: [
    { id: 'acme', name: 'ACME', tier: 'professional' },
    { id: 'rapid', name: 'Rapid', tier: 'professional', cluster: 'us-1' },
  ],
  bricks: { instances: [{ customer: 'acme', app: 'suitecrm', cluster: 'us-1' }] },
};

interface KustomizationSpec { path: string; prune: boolean; sourceRef: { kind: string; name: string }; kubeConfig?: { secretRef: { name: string } } }
interface GitRepositorySpec { url: string; ref: Record<string, string>; secretRef?: { name: string }; ignore?: string }

const kustomizationSpec = (object: ManifestObject) => object.spec as KustomizationSpec;
const sourceSpec = (objects: readonly ManifestObject[]) => find(objects, 'GitRepository', 'mechanicbuddy-fleet').spec as GitRepositorySpec;

/** The files of a repository that git keeps under `ignore`: what Flux puts in the source artifact. */
function keptFiles(ignore: string, files: readonly string[]): string[] {
  const repo = mkdtempSync(join(tmpdir(), 'saas-charts-sourceignore-'));
  execFileSync('git', ['init', '--quiet', repo]);
  writeFileSync(join(repo, '.gitignore'), ignore);
  for (const file of files) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    writeFileSync(join(repo, file), 'kind: ConfigMap\n');
  }
  const listed = execFileSync('git', ['-C', repo, 'ls-files', '--others', '--exclude-standard'], { encoding: 'utf8' });
  return listed.split('\n').filter((line) => line !== '' && line !== '.gitignore').sort();
}

describe('Flux syncs the cluster folders', () => {
  const result = synthPlatform(definePlatform(fleet), { check: true });
  const objects = objectsOf(result, 'gitops/fleet.k8s.yaml');

  it('writes gitops/fleet.k8s.yaml instead of the Argo CD Applications, next to the bricks\' own Flux wiring', () => {
    const gitops = result.files.map((f) => f.path).filter((path) => path.startsWith('gitops/'));
    expect(gitops).toEqual(['gitops/fleet.k8s.yaml', 'gitops/flux-us-1.k8s.yaml']);
    expect(objects.map((o) => [o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
      ['GitRepository', 'mechanicbuddy-fleet', 'flux-system'],
      ['Kustomization', 'cluster-eu-1', 'flux-system'],
      ['Kustomization', 'cluster-us-1', 'flux-system'],
      ['Kustomization', 'cluster-ap-1', 'flux-system'],
    ]);
  });

  it('applies each cluster folder with prune from the fleet repository; the home cluster is Flux\'s own, the others go through their kubeconfig Secret', () => {
    const [eu, us, ap] = ['eu-1', 'us-1', 'ap-1'].map((name) => kustomizationSpec(find(objects, 'Kustomization', `cluster-${name}`)));
    expect(eu).toMatchObject({ path: './dist/clusters/eu-1', prune: true, sourceRef: { kind: 'GitRepository', name: 'mechanicbuddy-fleet' } });
    expect(eu.kubeConfig).toBeUndefined();
    expect(us.kubeConfig).toEqual({ secretRef: { name: 'us-1-kubeconfig' } });
    expect(ap.kubeConfig).toEqual({ secretRef: { name: 'ap-admin' } });
    expect(find(objects, 'Kustomization', 'cluster-eu-1').metadata.labels).toMatchObject({ region: 'eu', 'mechanicbuddy.app/cluster': 'eu-1' });
    expect(sourceSpec(objects)).toMatchObject({ url: 'https://git.example.com/fleet', ref: { branch: 'main' }, secretRef: { name: 'fleet-git' } });
  });

  it('passes the strict check, which really validates the Flux objects: a misspelled field fails', async () => {
    expect(result.check?.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const { validateObject } = await import('../../src/check/schema/index.js');
    const kustomization = find(objects, 'Kustomization', 'cluster-us-1');
    expect(validateObject(kustomization as never)).toEqual([]);
    const misspelled = { ...kustomization, spec: { ...kustomizationSpec(kustomization), kubeConfig: { secretRf: { name: 'x' } } } };
    expect(validateObject(misspelled as never).map((p) => p.path)).toContain('spec.kubeConfig.secretRf');
  });

  it('fetches only the cluster folders, and leaves the bricks folders to the bricks\' Flux wiring (checked with git\'s own matcher)', () => {
    const repository = [
      'README.md', 'platform.yaml', 'src/index.ts', 'dist/gitops/fleet.k8s.yaml', 'dist/free-tier/x.k8s.yaml',
      'dist/clusters/eu-1/tenants/acme.k8s.yaml', 'dist/clusters/us-1/tenants/rapid.k8s.yaml', 'dist/clusters/us-1/bricks/acme-suitecrm.k8s.yaml',
    ];
    expect(keptFiles(sourceSpec(objects).ignore!, repository)).toEqual(['dist/clusters/eu-1/tenants/acme.k8s.yaml', 'dist/clusters/us-1/tenants/rapid.k8s.yaml']);
  });

  it('keeps the bricks folders when no other Flux wiring syncs them, and follows a nested dist path', () => {
    const nested = synthPlatform(definePlatform({ ...fleet, global: { gitops: { engine: 'flux', path: './deploy/dist/' } }, bricks: { gitops: { flux: { enabled: false } }, instances: fleet.bricks!.instances } }));
    const nestedObjects = objectsOf(nested, 'gitops/fleet.k8s.yaml');
    expect(nested.files.some((f) => f.path.startsWith('gitops/flux-'))).toBe(false);
    expect(kustomizationSpec(find(nestedObjects, 'Kustomization', 'cluster-us-1')).path).toBe('./deploy/dist/clusters/us-1');
    const kept = keptFiles(sourceSpec(nestedObjects).ignore!, ['deploy/other.yaml', 'deploy/dist/gitops/fleet.k8s.yaml', 'deploy/dist/clusters/us-1/bricks/b.k8s.yaml', 'dist/clusters/us-1/x.yaml']);
    expect(kept).toEqual(['deploy/dist/clusters/us-1/bricks/b.k8s.yaml']);
  });

  it('checks out a commit or a full reference as such, anything else as a branch', () => {
    const refOf = (targetRevision: string) => sourceSpec(objectsOf(synthPlatform(definePlatform({ ...fleet, global: { gitops: { engine: 'flux', targetRevision } } })), 'gitops/fleet.k8s.yaml')).ref;
    expect(refOf('release-2')).toEqual({ branch: 'release-2' });
    expect(refOf('0123456789abcdef0123456789abcdef01234567')).toEqual({ commit: '0123456789abcdef0123456789abcdef01234567' });
    expect(refOf('refs/tags/v1.2.0')).toEqual({ name: 'refs/tags/v1.2.0' });
  });

  it('leaves Argo CD the default: without engine the same platform writes gitops/argocd.k8s.yaml with one Application per cluster', () => {
    const argo = synthPlatform(definePlatform({ ...fleet, global: {}, clusters: fleet.clusters!.map(({ kubeConfigSecret: _, ...cluster }) => cluster) }));
    expect(objectsOf(argo, 'gitops/argocd.k8s.yaml').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Application/cluster-eu-1', 'Application/cluster-us-1', 'Application/cluster-ap-1']);
    expect(argo.files.some((f) => f.path === 'gitops/fleet.k8s.yaml')).toBe(false);
  });
});

describe('GitOps engine settings: bad input', () => {
  it('refuses engine flux without clusters, naming what syncs the folders instead', () => {
    expect(problems('global: { gitops: { engine: flux } }\n')).toEqual([
      'global.gitops.engine: "flux" syncs the cluster folders, but the platform declares no clusters; without clusters the free tier is synced by freeTier.argocd and the bricks by bricks.gitops.flux: remove engine or declare clusters',
    ]);
  });

  it('refuses settings the chosen engine never reads, and two clusters sharing one kubeconfig Secret', () => {
    expect(problems('clusters:\n  - { name: eu-1 }\n  - { name: us-1, kubeConfigSecret: us-admin }\n')).toEqual([
      'clusters[1].kubeConfigSecret: "us-admin" is read by Flux only, but global.gitops.engine is argocd (Argo CD reaches us-1 by server or by name): remove it or set engine: flux',
    ]);
    expect(problems('global: { gitops: { engine: flux } }\nclusters:\n  - { name: eu-1 }\n  - { name: us-1, server: "https://us-1.example.com" }\n  - { name: ap-1, kubeConfigSecret: us-1-kubeconfig }\n')).toEqual([
      'clusters[1].server: "https://us-1.example.com" is read by Argo CD only, but global.gitops.engine is flux (Flux reaches us-1 through kubeConfigSecret): remove it or set engine: argocd',
      'clusters[2].kubeConfigSecret: "us-1-kubeconfig" is already the kubeconfig Secret of cluster us-1; each cluster needs its own',
    ]);
  });

  it('the CLI exits 2 with the message and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saas-charts-gitops-'));
    const file = join(dir, 'platform.yaml');
    writeFileSync(file, 'global: { gitops: { engine: flux } }\n');
    const run = await cli(['synth', '--platform', file, '--out', join(dir, 'dist')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('global.gitops.engine: "flux" syncs the cluster folders, but the platform declares no clusters');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});
