import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer, type JsonObject } from '../support/fake-api-server/index.js';
import { apply, call, deployment, deploymentPath, type Body } from './helpers.js';

let servers: FakeApiServer[] = [];
async function start(options: Parameters<typeof startFakeApiServer>[0] = {}): Promise<FakeApiServer> {
  const server = await startFakeApiServer({ crds: 'none', namespaces: ['shop'], ...options });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
});

/** A Deployment with a ReplicaSet and a Pod below it, linked by ownerReferences as controllers leave them. */
async function ownedChain(server: FakeApiServer): Promise<{ deployment: Body; configMap: Body; secret: Body }> {
  const owner = (await apply(server, deploymentPath('shop', 'web'), deployment('web', 'shop'))).body;
  const reference = (object: Body, kind: string) => ({ apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, name: object.metadata.name, uid: object.metadata.uid, controller: true, blockOwnerDeletion: true });
  const configMap = server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'shop', ownerReferences: [reference(owner, 'Deployment')] } as JsonObject });
  const secret = server.store.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-secret', namespace: 'shop', ownerReferences: [reference(configMap, 'ConfigMap')] } as JsonObject });
  return { deployment: owner, configMap, secret };
}

const exists = async (server: FakeApiServer, path: string): Promise<boolean> => (await call(server, 'GET', path)).status === 200;

describe('deletion', () => {
  it('deletes at once with a Success Status, then garbage-collects dependents (Background, the default)', async () => {
    const server = await start();
    const { deployment: owner } = await ownedChain(server);
    const deleted = await call(server, 'DELETE', deploymentPath('shop', 'web'));
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'web', group: 'apps', kind: 'deployments', uid: owner.metadata.uid } });
    expect(await exists(server, deploymentPath('shop', 'web'))).toBe(false);
    server.flush();
    expect(await exists(server, '/api/v1/namespaces/shop/configmaps/web-config')).toBe(false);
    expect(await exists(server, '/api/v1/namespaces/shop/secrets/web-secret')).toBe(false);
    const again = await call(server, 'DELETE', deploymentPath('shop', 'web'));
    expect(again.status).toBe(404);
    expect(again.body.message).toBe('deployments.apps "web" not found');
  });

  it('keeps the owner with a foregroundDeletion finalizer until its dependents are gone (Foreground)', async () => {
    const server = await start({ garbageCollectionMs: 60_000 });
    await ownedChain(server);
    const deleting = await call(server, 'DELETE', `${deploymentPath('shop', 'web')}?propagationPolicy=Foreground`);
    expect(deleting.status).toBe(200);
    expect(deleting.body.metadata).toMatchObject({ finalizers: ['foregroundDeletion'], deletionTimestamp: expect.any(String), deletionGracePeriodSeconds: 0, generation: 2 });
    expect((await call(server, 'GET', deploymentPath('shop', 'web'))).body.metadata.deletionTimestamp).toBeDefined();
    expect(await exists(server, '/api/v1/namespaces/shop/configmaps/web-config')).toBe(true);
    server.flush();
    expect(await exists(server, '/api/v1/namespaces/shop/configmaps/web-config')).toBe(false);
    expect(await exists(server, '/api/v1/namespaces/shop/secrets/web-secret')).toBe(false);
    expect(await exists(server, deploymentPath('shop', 'web'))).toBe(false);
  });

  it('releases dependents instead of deleting them (Orphan), with the policy in DeleteOptions', async () => {
    const server = await start();
    await ownedChain(server);
    const deleting = await call(server, 'DELETE', deploymentPath('shop', 'web'), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' });
    expect(deleting.body.metadata.finalizers).toEqual(['orphan']);
    server.flush();
    expect(await exists(server, deploymentPath('shop', 'web'))).toBe(false);
    const configMap = (await call(server, 'GET', '/api/v1/namespaces/shop/configmaps/web-config')).body;
    expect(configMap.metadata.ownerReferences).toBeUndefined();
    expect(await exists(server, '/api/v1/namespaces/shop/secrets/web-secret')).toBe(true);
    const wrong = await call(server, 'DELETE', `${deploymentPath('shop', 'x')}?propagationPolicy=Sideways`);
    expect(wrong.status).toBe(422);
    expect(wrong.body.message).toBe('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan"');
  });

  it('waits for other finalizers until a write removes the last one', async () => {
    const server = await start();
    const claim = await apply(server, '/api/v1/namespaces/shop/persistentvolumeclaims/data', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'shop', finalizers: ['kubernetes.io/pvc-protection'] },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    expect(claim.body.status).toEqual({ phase: 'Pending' });
    const deleting = await call(server, 'DELETE', '/api/v1/namespaces/shop/persistentvolumeclaims/data');
    expect(deleting.body.metadata.deletionTimestamp).toBeDefined();
    server.flush();
    expect(await exists(server, '/api/v1/namespaces/shop/persistentvolumeclaims/data')).toBe(true);
    const released = await call(server, 'PATCH', '/api/v1/namespaces/shop/persistentvolumeclaims/data', [{ op: 'remove', path: '/metadata/finalizers' }], 'application/json-patch+json');
    expect(released.status).toBe(200);
    expect(await exists(server, '/api/v1/namespaces/shop/persistentvolumeclaims/data')).toBe(false);
  });

  it('deletes nothing under dryRun=All and checks preconditions', async () => {
    const server = await start();
    const owner = (await apply(server, deploymentPath('shop', 'web'), deployment('web', 'shop'))).body;
    const dry = await call(server, 'DELETE', `${deploymentPath('shop', 'web')}?dryRun=All`);
    expect(dry.status).toBe(200);
    expect(dry.body.status).toBe('Success');
    const dryForeground = await call(server, 'DELETE', `${deploymentPath('shop', 'web')}?dryRun=All&propagationPolicy=Foreground`);
    expect(dryForeground.body.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect((await call(server, 'GET', deploymentPath('shop', 'web'))).body).toEqual(owner);

    const stale = await call(server, 'DELETE', deploymentPath('shop', 'web'), { preconditions: { resourceVersion: '1' } });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(`Operation cannot be fulfilled on deployments.apps "web": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${owner.metadata.resourceVersion}`);
  });

  it('turns a deleted Namespace Terminating, refuses new content with 403, and empties it after a moment', async () => {
    const server = await start({ namespaceTerminationMs: 60_000 });
    await apply(server, deploymentPath('shop', 'web'), deployment('web', 'shop'));
    await apply(server, '/api/v1/namespaces/shop/configmaps/settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' } });

    const deleting = await call(server, 'DELETE', '/api/v1/namespaces/shop');
    expect(deleting.status).toBe(200);
    expect(deleting.body).toMatchObject({ kind: 'Namespace', metadata: { name: 'shop', deletionTimestamp: expect.any(String) }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } });

    const refused = await apply(server, '/api/v1/namespaces/shop/configmaps/late', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'shop' } });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "late" is forbidden: unable to create new content in namespace shop because it is being terminated',
      reason: 'Forbidden',
      details: { name: 'late', kind: 'configmaps', causes: [{ reason: 'NamespaceTerminating', message: 'namespace shop is being terminated', field: 'metadata.namespace' }] },
      code: 403,
    });
    // Existing content can still be updated while the namespace terminates.
    expect((await apply(server, '/api/v1/namespaces/shop/configmaps/settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { a: 'b' } })).status).toBe(200);
    expect(server.pendingWork()).toContain('termination of namespace shop');

    server.flush();
    expect(await exists(server, deploymentPath('shop', 'web'))).toBe(false);
    expect(await exists(server, '/api/v1/namespaces/shop/configmaps/settings')).toBe(false);
    expect(await exists(server, '/api/v1/namespaces/shop')).toBe(false);
  });

  it('terminates a namespace on its own after namespaceTerminationMs', async () => {
    const server = await start({ namespaceTerminationMs: 30 });
    await apply(server, '/api/v1/namespaces/shop/configmaps/settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' } });
    await call(server, 'DELETE', '/api/v1/namespaces/shop');
    expect((await call(server, 'GET', '/api/v1/namespaces/shop')).body.status.phase).toBe('Terminating');
    const deadline = Date.now() + 2_000;
    while ((await exists(server, '/api/v1/namespaces/shop')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await exists(server, '/api/v1/namespaces/shop')).toBe(false);
    expect(await exists(server, '/api/v1/namespaces/shop/configmaps/settings')).toBe(false);
  });

  it('refuses to delete default, kube-system and kube-public', async () => {
    const server = await start();
    const refused = await call(server, 'DELETE', '/api/v1/namespaces/default');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('namespaces "default" is forbidden: this namespace may not be deleted');
  });

  it('deletes a collection by label selector', async () => {
    const server = await start();
    for (const [name, app] of [['a', 'web'], ['b', 'web'], ['c', 'db']]) server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop', labels: { app } } } as JsonObject);
    const deleted = await call(server, 'DELETE', '/api/v1/namespaces/shop/configmaps?labelSelector=app%3Dweb');
    expect(deleted.status).toBe(200);
    expect(deleted.body.items.map((item: Body) => item.metadata.name)).toEqual(['a', 'b']);
    expect(server.store.list('ConfigMap', { namespace: 'shop' }).map((item) => (item.metadata as Body).name)).toEqual(['c']);
  });
});
