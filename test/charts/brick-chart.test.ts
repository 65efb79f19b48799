import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import type { ManifestObject } from '../../constructs/index.js';
import { BrickChart } from '../../src/charts/bricks/brick-chart.js';
import { BRICK_CATALOG } from '../../src/charts/bricks/catalog.js';
import { checkUnit } from '../../src/check/check.js';
import { definePlatform } from '../../src/platform/load.js';
import { BRICK_APPS, type BrickAppName, type PlatformInput } from '../../src/platform/schema.js';
import { chartYaml } from '../../src/testing/index.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const render = (app: BrickAppName, extra: Record<string, unknown> = {}, bricks: Partial<NonNullable<PlatformInput['bricks']>> = {}): any[] => {
  const platform = definePlatform({ bricks: { ...bricks, instances: [{ customer: 'acme', app, ...extra }] } });
  return new BrickChart(new App(), `acme-${app}`, { platform, brick: platform.bricks!.instances[0] }).toJson();
};
const workloads = (objects: any[]) => objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
const of = (objects: any[], kind: string, name?: string) => objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

describe.each(BRICK_APPS)('brick %s', (app) => {
  const objects = render(app);
  const definition = BRICK_CATALOG[app];

  it('lives in namespace {customer}-{app} at the Pod Security level its image needs', () => {
    const namespace = of(objects, 'Namespace');
    expect(namespace.metadata.name).toBe(`acme-${app}`);
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe(definition.runAs === 'root' ? 'baseline' : 'restricted');
    expect(namespace.metadata.labels).toMatchObject({ 'helpmanager.io/customer': 'acme', 'helpmanager.io/app': app, 'helpmanager.io/state': 'running' });
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) expect(object.metadata.namespace).toBe(`acme-${app}`);
  });

  it('runs the app, MariaDB (and Redis for OwnCloud) with their Services', () => {
    expect(workloads(objects).map((w) => `${w.kind}/${w.metadata.name}`).sort()).toEqual(
      [`Deployment/${app}`, 'StatefulSet/mariadb', ...(app === 'owncloud' ? ['StatefulSet/redis'] : [])].sort(),
    );
    expect(objects.filter((o) => o.kind === 'Service').map((s) => s.metadata.name).sort()).toEqual([app, 'mariadb', ...(app === 'owncloud' ? ['redis'] : [])].sort());
    expect(of(objects, 'Deployment', app).spec.strategy).toEqual({ type: 'Recreate' });
    expect(of(objects, 'Deployment', app).spec.template.spec.containers[0].ports[0].containerPort).toBe(definition.port);
  });

  it('serves {customer}-{app}.{domain} over TLS with external-dns', () => {
    const ingress = of(objects, 'Ingress');
    expect(ingress.spec.rules[0].host).toBe(`acme-${app}.bricks.monacocloud.io`);
    expect(ingress.spec.tls[0]).toEqual({ hosts: [`acme-${app}.bricks.monacocloud.io`], secretName: `acme-${app}-tls` });
    expect(ingress.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toBe(`acme-${app}.bricks.monacocloud.io`);
  });

  it('keeps data on its role\'s volume plus a backup volume, sized from the platform defaults', () => {
    const claims = objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    expect(claims.map((c) => `${c.metadata.name}=${c.spec.resources.requests.storage}`).sort()).toEqual(
      ['backup=20Gi', definition.dataRole === 'crm' ? 'crm-data=10Gi' : 'ged-data=20Gi'].sort(),
    );
    for (const claim of claims) expect(claim.metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    expect(of(objects, 'StatefulSet', 'mariadb').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
  });

  it('backs up nightly: a database dump and an archive of the data to the backup volume', () => {
    const cron = of(objects, 'CronJob', 'backup');
    expect(cron.spec).toMatchObject({ schedule: '30 2 * * *', suspend: false, concurrencyPolicy: 'Forbid' });
    const container = cron.spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.command[2]).toContain('mariadb-dump');
    expect(container.command[2]).toContain('tar -czf');
    expect(container.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/data', '/backup', '/tmp']);
  });

  it('declares generated credentials and never writes one', () => {
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
    const env = of(objects, 'StatefulSet', 'mariadb').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'MARIADB_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: `${app}-database`, key: 'password' });
  });

  it('passes every check, running and paused', () => {
    expect(checkUnit(objects, 'x').findings).toEqual([]);
    expect(checkUnit(render(app, { state: 'paused' }), 'x').findings).toEqual([]);
  });

  it('pauses: every workload at 0, backups suspended, no Ingress; volumes, certificate and claims kept', () => {
    const paused = render(app, { state: 'paused' });
    for (const workload of workloads(paused)) expect(workload.spec.replicas, workload.metadata.name).toBe(0);
    expect(of(paused, 'CronJob').spec.suspend).toBe(true);
    expect(of(paused, 'Ingress')).toBeUndefined();
    expect(of(paused, 'Certificate')).toBeDefined();
    const claims = (list: any[]) => JSON.stringify([...list.filter((o) => o.kind === 'PersistentVolumeClaim'), of(list, 'StatefulSet', 'mariadb').spec.volumeClaimTemplates]);
    expect(claims(paused)).toBe(claims(objects));
    expect(of(paused, 'Namespace').metadata.labels['helpmanager.io/state']).toBe('paused');
  });

  it('resumes to exactly the running objects', () => {
    expect(render(app, { state: 'running' })).toEqual(objects);
  });

  it('matches its golden files', async () => {
    const platform = definePlatform({ bricks: { instances: [{ customer: 'acme', app }, { customer: 'paused', app, state: 'paused' }] } });
    const yaml = (index: number) => chartYaml(new BrickChart(new App(), 'b', { platform, brick: platform.bricks!.instances[index] }));
    await expect(yaml(0)).toMatchFileSnapshot(`../golden/brick-${app}.k8s.yaml`);
    await expect(yaml(1)).toMatchFileSnapshot(`../golden/brick-${app}-paused.k8s.yaml`);
  });
});

describe('brick settings', () => {
  it('overrides PVC sizes per brick and the host pattern per platform', () => {
    const objects = render('suitecrm', { crm: { pvcSize: '40Gi' }, backup: { pvcSize: '100Gi' } }, { domain: 'apps.example.com', hostPattern: '{app}-{customer}.{domain}' });
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim').map((c) => c.spec.resources.requests.storage).sort()).toEqual(['100Gi', '40Gi']);
    expect(of(objects, 'Ingress').spec.rules[0].host).toBe('suitecrm-acme.apps.example.com');
  });

  it('points SeedDMS at MariaDB through its settings file kept on the data volume', () => {
    const pod = of(render('seeddms'), 'Deployment', 'seeddms').spec.template.spec;
    expect(pod.initContainers[0].name).toBe('configure');
    expect(pod.initContainers[0].command[2]).toContain('dbDriver=\\"mysql\\"');
    expect(pod.containers[0].volumeMounts.filter((m: any) => m.name === 'data').map((m: any) => `${m.mountPath}:${m.subPath}`)).toEqual([
      '/var/www/seeddms/data:data', '/var/www/seeddms/conf:conf',
    ]);
  });

  it('rejects two bricks of one app for one customer', () => {
    expect(() => definePlatform({ bricks: { instances: [{ customer: 'acme', app: 'owncloud' }, { customer: 'acme', app: 'owncloud' }] } }))
      .toThrow('bricks.instances[1]: customer "acme" already has owncloud (bricks.instances[0]); one brick per customer and app');
  });
});

describe('GitOps wiring for bricks', () => {
  it('points a Flux GitRepository and a pruning Kustomization at dist/bricks', async () => {
    const { synthPlatform } = await import('../../src/synth/synth.js');
    const { parseAllDocuments } = await import('yaml');
    const result = synthPlatform(definePlatform({ bricks: { gitops: { argocd: true }, instances: [{ customer: 'acme', app: 'suitecrm' }] } }));
    const flux = parseAllDocuments(result.files.find((f) => f.path === 'gitops/flux.k8s.yaml')!.content).map((d) => d.toJS() as ManifestObject & { spec: any });
    expect(flux.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['GitRepository/flux-system/bricks', 'Kustomization/flux-system/bricks']);
    expect(flux[1].spec).toMatchObject({ path: './dist/bricks', prune: true, sourceRef: { kind: 'GitRepository', name: 'bricks' } });
    const argo = result.files.find((f) => f.path === 'gitops/argocd.k8s.yaml')!.content;
    expect(argo).toContain('path: dist/bricks');
  });
});
