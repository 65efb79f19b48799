import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';
import { apply, call, type Body } from './helpers.js';

let servers: FakeApiServer[] = [];
async function start(options: Parameters<typeof startFakeApiServer>[0] = {}): Promise<FakeApiServer> {
  const server = await startFakeApiServer(options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
});

const resourceNames = (list: Body): string[] => list.resources.map((resource: Body) => resource.name);

describe('discovery', () => {
  it('serves /api, /api/v1 and /version like a 1.28 API server', async () => {
    const server = await start();
    const versions = await call(server, 'GET', '/api');
    expect(versions.status).toBe(200);
    expect(versions.body).toEqual({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${server.port}` }] });

    const core = await call(server, 'GET', '/api/v1');
    expect(core.body.kind).toBe('APIResourceList');
    expect(core.body.groupVersion).toBe('v1');
    expect(resourceNames(core.body)).toEqual(
      expect.arrayContaining(['configmaps', 'events', 'limitranges', 'namespaces', 'namespaces/status', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'resourcequotas', 'secrets', 'serviceaccounts', 'services']),
    );
    const namespaces = core.body.resources.find((resource: Body) => resource.name === 'namespaces');
    expect(namespaces).toMatchObject({ singularName: 'namespace', namespaced: false, kind: 'Namespace', shortNames: ['ns'] });
    expect(namespaces.verbs).not.toContain('deletecollection');
    expect(core.body.resources.find((resource: Body) => resource.name === 'secrets')).toMatchObject({ namespaced: true, kind: 'Secret', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] });

    expect((await call(server, 'GET', '/version')).body).toMatchObject({ major: '1', minor: '28', gitVersion: 'v1.28.0' });
  });

  it('lists every built-in group the charts use, with their kinds', async () => {
    const server = await start({ crds: 'none' });
    const groups = await call(server, 'GET', '/apis');
    expect(groups.body.kind).toBe('APIGroupList');
    const byName = Object.fromEntries(groups.body.groups.map((group: Body) => [group.name, group]));
    expect(Object.keys(byName).sort()).toEqual(['apiextensions.k8s.io', 'apps', 'autoscaling', 'batch', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io']);
    expect(byName.autoscaling.preferredVersion).toEqual({ groupVersion: 'autoscaling/v2', version: 'v2' });

    const expected: Record<string, string[]> = {
      'apps/v1': ['deployments', 'statefulsets'],
      'batch/v1': ['cronjobs', 'jobs'],
      'networking.k8s.io/v1': ['ingresses', 'networkpolicies'],
      'policy/v1': ['poddisruptionbudgets'],
      'rbac.authorization.k8s.io/v1': ['clusterrolebindings', 'clusterroles', 'rolebindings', 'roles'],
      'autoscaling/v2': ['horizontalpodautoscalers'],
      'apiextensions.k8s.io/v1': ['customresourcedefinitions'],
    };
    for (const [groupVersion, names] of Object.entries(expected)) {
      const list = await call(server, 'GET', `/apis/${groupVersion}`);
      expect(list.status).toBe(200);
      expect(resourceNames(list.body).filter((name) => !name.includes('/'))).toEqual(names);
    }
    const apps = (await call(server, 'GET', '/apis/apps/v1')).body;
    expect(apps.resources.find((resource: Body) => resource.name === 'deployments')).toMatchObject({ singularName: 'deployment', namespaced: true, kind: 'Deployment', shortNames: ['deploy'], categories: ['all'] });
    expect(apps.resources.find((resource: Body) => resource.name === 'deployments/status')).toEqual({ name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] });
    expect((await call(server, 'GET', '/apis/apps')).body).toMatchObject({ kind: 'APIGroup', name: 'apps' });
  });

  it('serves the kinds of every CRD in imports/crds by default', async () => {
    const server = await start();
    const expected: Record<string, string[]> = {
      'postgresql.cnpg.io/v1': ['backups', 'clusters', 'scheduledbackups'],
      'barmancloud.cnpg.io/v1': ['objectstores'],
      'cert-manager.io/v1': ['certificates', 'clusterissuers', 'issuers'],
      'argoproj.io/v1alpha1': ['applications'],
      'source.toolkit.fluxcd.io/v1': ['gitrepositories'],
      'kustomize.toolkit.fluxcd.io/v1': ['kustomizations'],
      'monitoring.coreos.com/v1': ['podmonitors', 'servicemonitors'],
    };
    for (const [groupVersion, names] of Object.entries(expected)) {
      const list = await call(server, 'GET', `/apis/${groupVersion}`);
      expect(resourceNames(list.body).filter((name) => !name.includes('/'))).toEqual(names);
    }
    const cnpg = (await call(server, 'GET', '/apis/postgresql.cnpg.io/v1')).body;
    expect(cnpg.resources.find((resource: Body) => resource.name === 'clusters')).toMatchObject({ kind: 'Cluster', singularName: 'cluster', namespaced: true });
    expect(resourceNames(cnpg)).toContain('clusters/status');
    const issuers = (await call(server, 'GET', '/apis/cert-manager.io/v1')).body.resources;
    expect(issuers.find((resource: Body) => resource.name === 'clusterissuers')).toMatchObject({ namespaced: false, shortNames: ['ciss'], categories: ['cert-manager'] });
    // Argo CD's Application CRD has no status subresource.
    expect(resourceNames((await call(server, 'GET', '/apis/argoproj.io/v1alpha1')).body)).toEqual(['applications']);

    const definition = await call(server, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/clusters.postgresql.cnpg.io');
    expect(definition.status).toBe(200);
    expect(definition.body.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.instances).toBeDefined();
    expect(definition.body.status.conditions.find((condition: Body) => condition.type === 'Established').status).toBe('True');
  });

  it('answers 404 Status bodies for groups and resources it does not serve', async () => {
    const server = await start({ crds: ['cert-manager.io'] });
    for (const path of ['/apis/postgresql.cnpg.io/v1', '/apis/postgresql.cnpg.io/v1/namespaces/default/clusters', '/apis/apps/v1/namespaces/default/widgets', '/apis/apps/v2']) {
      const answer = await call(server, 'GET', path);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
    }
    expect((await call(server, 'GET', '/apis/cert-manager.io/v1')).status).toBe(200);
  });

  it('serves a CRD\'s kinds once it is applied and Established, and stops when it is deleted', async () => {
    const server = await start({ crds: 'none', namespaces: ['db'], crdEstablishMs: 60_000 });
    const crds = parseAllDocuments(readFileSync(new URL('../../imports/crds/postgresql.cnpg.io.yaml', import.meta.url), 'utf8')).map((document) => document.toJS() as Body);
    const clusters = crds.find((crd) => crd.metadata.name === 'clusters.postgresql.cnpg.io')!;
    const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/clusters.postgresql.cnpg.io';
    const created = await apply(server, path, clusters);
    expect(created.status).toBe(201);

    // Names accepted, not yet Established: not served.
    const installing = await call(server, 'GET', path);
    expect(installing.body.status.conditions.find((condition: Body) => condition.type === 'Established')).toMatchObject({ status: 'False', reason: 'Installing' });
    expect((await call(server, 'GET', '/apis/postgresql.cnpg.io/v1')).status).toBe(404);
    expect(server.pendingWork()).toContain('establish CRD clusters.postgresql.cnpg.io');

    server.flush();
    const established = await call(server, 'GET', path);
    expect(established.body.status.conditions.find((condition: Body) => condition.type === 'Established')).toMatchObject({ status: 'True', reason: 'InitialNamesAccepted' });
    expect(established.body.metadata.managedFields.map((entry: Body) => [entry.manager, entry.operation, entry.subresource])).toEqual([
      ['saas-charts', 'Apply', undefined],
      ['kube-apiserver', 'Update', 'status'],
    ]);
    expect(resourceNames((await call(server, 'GET', '/apis/postgresql.cnpg.io/v1')).body)).toEqual(['clusters', 'clusters/status']);

    const cluster = { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'main', namespace: 'db' }, spec: { instances: 2, storage: { size: '1Gi' } } };
    expect((await apply(server, '/apis/postgresql.cnpg.io/v1/namespaces/db/clusters/main', cluster)).status).toBe(201);

    expect((await call(server, 'DELETE', path)).status).toBe(200);
    expect((await call(server, 'GET', '/apis/postgresql.cnpg.io/v1')).status).toBe(404);
    expect(server.store.list('CustomResourceDefinition')).toEqual([]);
    const reapplied = await apply(server, path, clusters);
    expect(reapplied.status).toBe(201);
    server.flush();
    expect((await call(server, 'GET', '/apis/postgresql.cnpg.io/v1/namespaces/db/clusters')).body.items).toEqual([]);
  });

  it('writes a kubeconfig with one cluster, user and context named fake', async () => {
    const server = await start({ crds: 'none' });
    const config = parse(server.kubeconfig());
    expect(config).toMatchObject({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'fake',
      clusters: [{ name: 'fake', cluster: { server: server.url } }],
      users: [{ name: 'fake', user: { token: 'fake-token' } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake', namespace: 'default' } }],
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(parse(server.kubeconfig({ namespace: 'shop' })).contexts[0].context.namespace).toBe('shop');
  });
});
