import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer, type JsonObject } from '../support/fake-api-server/index.js';
import { apply, call, deployment, deploymentPath, type Body } from './helpers.js';

let server: FakeApiServer;
beforeAll(async () => {
  server = await startFakeApiServer({ namespaces: ['shop'] });
});
afterAll(() => server.stop());

const condition = (object: Body, type: string): Body | undefined => object.status?.conditions?.find((entry: Body) => entry.type === type);
const statusManager = (object: Body): Body => object.metadata.managedFields.find((entry: Body) => entry.subresource === 'status');

async function until(check: () => Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('status knobs', () => {
  it('makes a Deployment available as the deployment controller reports it', async () => {
    const stored = (await apply(server, deploymentPath('shop', 'api'), deployment('api', 'shop', { replicas: 3 }))).body;
    const ready = server.status.ready({ kind: 'Deployment', namespace: 'shop', name: 'api' }) as Body;
    expect(ready.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(condition(ready, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(condition(ready, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: expect.stringMatching(/^ReplicaSet "api-[0-9a-f]{10}" has successfully progressed\.$/) });
    expect(ready.metadata.generation).toBe(1);
    expect(Number(ready.metadata.resourceVersion)).toBeGreaterThan(Number(stored.metadata.resourceVersion));
    expect(statusManager(ready)).toMatchObject({ manager: 'kube-controller-manager', operation: 'Update', subresource: 'status' });
    expect((await call(server, 'GET', deploymentPath('shop', 'api'))).body.status).toEqual(ready.status);

    const stalled = server.status.failed({ kind: 'Deployment', namespace: 'shop', name: 'api' }) as Body;
    expect(condition(stalled, 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(condition(stalled, 'Available')).toMatchObject({ status: 'False' });
  });

  it('makes StatefulSets ready, Jobs complete or failed, PVCs bound', async () => {
    await apply(server, '/apis/apps/v1/namespaces/shop/statefulsets/db', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } } },
    });
    const statefulSet = server.status.ready({ kind: 'StatefulSet', namespace: 'shop', name: 'db' }) as Body;
    expect(statefulSet.status).toMatchObject({ observedGeneration: 1, replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 2 });
    expect(statefulSet.status.currentRevision).toBe(statefulSet.status.updateRevision);

    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' }, spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'app:1' }] } } } };
    await apply(server, '/apis/batch/v1/namespaces/shop/jobs/migrate', job);
    const complete = server.status.ready({ kind: 'Job', namespace: 'shop', name: 'migrate' }) as Body;
    expect(condition(complete, 'Complete')).toMatchObject({ status: 'True' });
    expect(complete.status).toMatchObject({ succeeded: 1, completionTime: expect.any(String) });
    const failed = server.status.failed({ kind: 'Job', namespace: 'shop', name: 'migrate' }) as Body;
    expect(condition(failed, 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded' });
    expect(failed.status.failed).toBe(3);

    await apply(server, '/api/v1/namespaces/shop/persistentvolumeclaims/data', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'shop' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } });
    const bound = server.status.ready({ kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data' }) as Body;
    expect(bound.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' } });
    expect(bound.spec.volumeName).toBe(`pvc-${bound.metadata.uid}`);
    expect(bound.metadata.annotations['pv.kubernetes.io/bind-completed']).toBe('yes');
    // The binder's fields do not get in the way of re-applying the claim.
    const reapplied = await apply(server, '/api/v1/namespaces/shop/persistentvolumeclaims/data', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'shop' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } });
    expect(reapplied.status).toBe(200);
    expect(reapplied.body.spec.volumeName).toBe(bound.spec.volumeName);
  });

  it('makes a CNPG Cluster ready with readyInstances = instances and a Certificate ready for its current generation', async () => {
    await apply(server, '/apis/postgresql.cnpg.io/v1/namespaces/shop/clusters/pg', { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'pg', namespace: 'shop' }, spec: { instances: 3, storage: { size: '10Gi' } } });
    const cluster = server.status.ready({ kind: 'Cluster', apiVersion: 'postgresql.cnpg.io/v1', namespace: 'shop', name: 'pg' }) as Body;
    expect(cluster.status).toMatchObject({ instances: 3, readyInstances: 3, phase: 'Cluster in healthy state', currentPrimary: 'pg-1' });
    expect(condition(cluster, 'Ready')).toMatchObject({ status: 'True', reason: 'ClusterIsReady' });
    expect(condition(cluster, 'Ready')!.observedGeneration).toBeUndefined();
    expect(statusManager(cluster)).toMatchObject({ manager: 'manager', operation: 'Update' });

    const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'tls', namespace: 'shop' }, spec: { secretName: 'tls', dnsNames: ['shop.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } } };
    await apply(server, '/apis/cert-manager.io/v1/namespaces/shop/certificates/tls', certificate);
    await apply(server, '/apis/cert-manager.io/v1/namespaces/shop/certificates/tls', { ...certificate, spec: { ...certificate.spec, dnsNames: ['shop.example.com', 'www.shop.example.com'] } });
    const ready = server.status.ready({ kind: 'Certificate', namespace: 'shop', name: 'tls' }) as Body;
    expect(ready.metadata.generation).toBe(2);
    expect(condition(ready, 'Ready')).toMatchObject({ status: 'True', reason: 'Ready', observedGeneration: 2 });
    expect(statusManager(ready).manager).toBe('cert-manager-certificates-readiness');

    await apply(server, '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/shop/kustomizations/apps', { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'shop' }, spec: { interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'fleet' } } });
    const kustomization = server.status.ready({ kind: 'Kustomization', namespace: 'shop', name: 'apps' }) as Body;
    expect(condition(kustomization, 'Ready')).toMatchObject({ status: 'True', observedGeneration: 1 });
  });

  it('writes any status with setStatus and names unknown kinds and missing namespaces', async () => {
    await apply(server, deploymentPath('shop', 'custom'), deployment('custom', 'shop'));
    const written = server.status.setStatus({ kind: 'Deployment', namespace: 'shop', name: 'custom' }, { replicas: 1, observedGeneration: 1 }, 'my-operator') as Body;
    expect(written.status).toEqual({ replicas: 1, observedGeneration: 1 });
    expect(statusManager(written).manager).toBe('my-operator');
    expect(() => server.status.ready({ kind: 'Widget', namespace: 'shop', name: 'x' })).toThrow('the fake API server does not serve kind Widget');
    expect(() => server.status.ready({ kind: 'Deployment', name: 'x' })).toThrow('apps/v1 Deployment x needs a namespace');
  });
});

describe('auto-advance rules', () => {
  it('makes every matching object ready a moment after each create or spec change', async () => {
    const rule = server.autoAdvance({ kind: 'Deployment', namespace: 'shop', name: /^auto-/, afterMs: 15 });
    try {
      await apply(server, deploymentPath('shop', 'auto-web'), deployment('auto-web', 'shop'));
      const read = async (): Promise<Body> => (await call(server, 'GET', deploymentPath('shop', 'auto-web'))).body;
      expect((await read()).status).toEqual({});
      await until(async () => condition(await read(), 'Available')?.status === 'True');

      await apply(server, deploymentPath('shop', 'auto-web'), deployment('auto-web', 'shop', { replicas: 4 }));
      const updated = await read();
      expect(updated.metadata.generation).toBe(2);
      expect(updated.status.observedGeneration).toBe(1);
      await until(async () => (await read()).status.observedGeneration === 2);
      expect((await read()).status.availableReplicas).toBe(4);

      await apply(server, deploymentPath('shop', 'manual-web'), deployment('manual-web', 'shop'));
      server.flush();
      expect((await call(server, 'GET', deploymentPath('shop', 'manual-web'))).body.status).toEqual({});
    } finally {
      rule.remove();
    }
  });

  it('can make objects fail instead, and flush() applies pending rules at once', async () => {
    const rule = server.autoAdvance({ kind: 'Job', afterMs: 60_000, outcome: 'failed' });
    try {
      await apply(server, '/apis/batch/v1/namespaces/shop/jobs/seed', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'seed', namespace: 'shop' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'seed', image: 'app:1' }] } } } });
      expect(server.pendingWork()).toContain('failed: batch/jobs/shop/seed');
      server.flush();
      expect(condition((await call(server, 'GET', '/apis/batch/v1/namespaces/shop/jobs/seed')).body, 'Failed')?.status).toBe('True');
    } finally {
      rule.remove();
    }
  });

  it('runs a provisioning end to end: every kind the applier waits for becomes ready on its own', async () => {
    const provisioning = await startFakeApiServer({
      autoAdvance: ['Deployment', 'StatefulSet', 'Job', 'PersistentVolumeClaim', 'Cluster', 'Certificate'].map((kind) => ({ kind, afterMs: 5 })),
    });
    try {
      const path = (apiVersion: string, resource: string, name: string): string => `${apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`}/namespaces/tenant-a/${resource}/${name}`;
      await apply(provisioning, '/api/v1/namespaces/tenant-a', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tenant-a' } });
      const objects: [string, string, Body][] = [
        ['v1', 'persistentvolumeclaims', { kind: 'PersistentVolumeClaim', metadata: { name: 'files' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        ['postgresql.cnpg.io/v1', 'clusters', { kind: 'Cluster', metadata: { name: 'db' }, spec: { instances: 2, storage: { size: '1Gi' } } }],
        ['batch/v1', 'jobs', { kind: 'Job', metadata: { name: 'migrate' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'app:1' }] } } } }],
        ['apps/v1', 'deployments', { ...deployment('app', 'tenant-a') }],
        ['cert-manager.io/v1', 'certificates', { kind: 'Certificate', metadata: { name: 'tls' }, spec: { secretName: 'tls', dnsNames: ['a.example.com'], issuerRef: { name: 'le' } } }],
      ];
      for (const [apiVersion, resource, object] of objects) {
        const body = { ...object, apiVersion, metadata: { ...object.metadata, namespace: 'tenant-a' } };
        expect((await apply(provisioning, path(apiVersion, resource, body.metadata.name), body)).status).toBe(201);
      }
      const isReady = (object: Body): boolean => {
        switch (object.kind) {
          case 'PersistentVolumeClaim':
            return object.status?.phase === 'Bound';
          case 'Job':
            return condition(object, 'Complete')?.status === 'True';
          case 'Cluster':
            return condition(object, 'Ready')?.status === 'True' && object.status.readyInstances === object.spec.instances;
          default:
            return condition(object, object.kind === 'Deployment' ? 'Available' : 'Ready')?.status === 'True';
        }
      };
      await until(async () => {
        const states = await Promise.all(objects.map(async ([apiVersion, resource, object]) => isReady((await call(provisioning, 'GET', path(apiVersion, resource, object.metadata.name))).body)));
        return states.every(Boolean);
      });
    } finally {
      await provisioning.stop();
    }
  });
});

describe('store access', () => {
  it('puts, gets, lists and deletes objects without HTTP', async () => {
    const put = server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'arranged', namespace: 'shop' }, data: { a: '1' } } as JsonObject) as Body;
    expect(put.metadata).toMatchObject({ uid: expect.any(String), creationTimestamp: expect.any(String), resourceVersion: expect.stringMatching(/^\d+$/) });
    expect((await call(server, 'GET', '/api/v1/namespaces/shop/configmaps/arranged')).body).toEqual(put);
    expect(server.store.get({ kind: 'ConfigMap', namespace: 'shop', name: 'arranged' })).toEqual(put);
    expect(server.store.list('ConfigMap', { namespace: 'shop' }).map((object) => (object.metadata as Body).name)).toContain('arranged');
    expect(server.store.delete({ kind: 'ConfigMap', namespace: 'shop', name: 'arranged' })).toBe(true);
    expect(server.store.get({ kind: 'ConfigMap', namespace: 'shop', name: 'arranged' })).toBeUndefined();
    expect(() => server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } as JsonObject)).toThrow('needs metadata.namespace');
  });
});
