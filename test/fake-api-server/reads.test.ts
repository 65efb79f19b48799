import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';
import { call, type Body } from './helpers.js';

let server: FakeApiServer;
const configMap = (namespace: string, name: string, labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...(labels ? { labels } : {}) }, data: { key: name } });

beforeAll(async () => {
  server = await startFakeApiServer({
    crds: ['cert-manager.io'],
    namespaces: ['a', 'b'],
    objects: [
      configMap('a', 'web-front', { app: 'web', tier: 'front' }),
      configMap('a', 'web-back', { app: 'web', tier: 'back' }),
      configMap('a', 'db', { app: 'db' }),
      configMap('a', 'plain'),
      configMap('b', 'web-front', { app: 'web', tier: 'front' }),
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'tls', namespace: 'a' }, spec: { secretName: 'tls', dnsNames: ['a.example.com'], issuerRef: { name: 'le' } } },
    ],
  });
});
afterAll(() => server.stop());

const names = (list: Body): string[] => list.items.map((item: Body) => `${item.metadata.namespace}/${item.metadata.name}`);
const select = async (query: string, path = '/api/v1/namespaces/a/configmaps'): Promise<string[]> => {
  const answer = await call(server, 'GET', `${path}?${query}`);
  expect(answer.status).toBe(200);
  return names(answer.body);
};

describe('reads', () => {
  it('gets one object, and answers 404 with the API server\'s NotFound body', async () => {
    const found = await call(server, 'GET', '/api/v1/namespaces/a/configmaps/db');
    expect(found.body).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'db', namespace: 'a' }, data: { key: 'db' } });
    const missing = await call(server, 'GET', '/api/v1/namespaces/a/configmaps/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'configmaps' }, code: 404 });
    const missingCr = await call(server, 'GET', '/apis/cert-manager.io/v1/namespaces/a/certificates/nope');
    expect(missingCr.body).toMatchObject({ message: 'certificates.cert-manager.io "nope" not found', details: { name: 'nope', group: 'cert-manager.io', kind: 'certificates' } });
  });

  it('lists built-in kinds without apiVersion and kind on items, custom resources with them', async () => {
    const list = (await call(server, 'GET', '/api/v1/namespaces/a/configmaps')).body;
    expect(list).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    expect(names(list)).toEqual(['a/db', 'a/plain', 'a/web-back', 'a/web-front']);
    expect(list.items[0].kind).toBeUndefined();
    expect(list.items[0].apiVersion).toBeUndefined();
    const certificates = (await call(server, 'GET', '/apis/cert-manager.io/v1/namespaces/a/certificates')).body;
    expect(certificates).toMatchObject({ kind: 'CertificateList', apiVersion: 'cert-manager.io/v1' });
    expect(certificates.items[0]).toMatchObject({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate' });
    expect(await select('', '/api/v1/configmaps')).toEqual(['a/db', 'a/plain', 'a/web-back', 'a/web-front', 'b/web-front']);
    expect(await select('', '/api/v1/namespaces/empty/configmaps')).toEqual([]);
  });

  it('filters by label selector: =, ==, !=, in, notin, exists, !exists and combinations', async () => {
    expect(await select('labelSelector=app%3Dweb')).toEqual(['a/web-back', 'a/web-front']);
    expect(await select('labelSelector=app%3D%3Dweb')).toEqual(['a/web-back', 'a/web-front']);
    expect(await select('labelSelector=app!%3Dweb')).toEqual(['a/db', 'a/plain']);
    expect(await select(`labelSelector=${encodeURIComponent('tier in (front, back)')}`)).toEqual(['a/web-back', 'a/web-front']);
    expect(await select(`labelSelector=${encodeURIComponent('tier notin (front)')}`)).toEqual(['a/db', 'a/plain', 'a/web-back']);
    expect(await select('labelSelector=tier')).toEqual(['a/web-back', 'a/web-front']);
    expect(await select('labelSelector=!tier')).toEqual(['a/db', 'a/plain']);
    expect(await select(`labelSelector=${encodeURIComponent('app=web,tier!=back')}`)).toEqual(['a/web-front']);
    const applySet = 'applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1';
    server.store.put({ ...configMap('a', 'member'), metadata: { name: 'member', namespace: 'a', labels: { 'applyset.kubernetes.io/part-of': applySet } } });
    expect(await select(`labelSelector=${encodeURIComponent(`applyset.kubernetes.io/part-of=${applySet}`)}`)).toEqual(['a/member']);
    server.store.delete({ kind: 'ConfigMap', namespace: 'a', name: 'member' });
    const bad = await call(server, 'GET', `/api/v1/namespaces/a/configmaps?labelSelector=${encodeURIComponent('app in web')}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ reason: 'BadRequest', message: expect.stringMatching(/^unable to parse requirement/) });
  });

  it('filters by field selector on metadata.name and metadata.namespace', async () => {
    expect(await select('fieldSelector=metadata.name%3Ddb')).toEqual(['a/db']);
    expect(await select('fieldSelector=metadata.name!%3Ddb')).toEqual(['a/plain', 'a/web-back', 'a/web-front']);
    expect(await select('fieldSelector=metadata.namespace%3Db', '/api/v1/configmaps')).toEqual(['b/web-front']);
    expect(await select('fieldSelector=metadata.name%3Dweb-front,metadata.namespace%3Da', '/api/v1/configmaps')).toEqual(['a/web-front']);
    const unsupported = await call(server, 'GET', '/api/v1/namespaces/a/configmaps?fieldSelector=data.key%3Ddb');
    expect(unsupported.body).toMatchObject({ code: 400, reason: 'BadRequest', message: 'field label not supported: data.key' });
    const customResource = await call(server, 'GET', '/apis/cert-manager.io/v1/namespaces/a/certificates?fieldSelector=spec.secretName%3Dtls');
    expect(customResource.body.message).toBe('"spec.secretName" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });

  it('pages with limit and continue, at one resourceVersion, each item once', async () => {
    const first = (await call(server, 'GET', '/api/v1/configmaps?limit=2')).body;
    expect(names(first)).toEqual(['a/db', 'a/plain']);
    expect(first.metadata.remainingItemCount).toBe(3);
    expect(JSON.parse(Buffer.from(first.metadata.continue, 'base64').toString())).toEqual({ v: 'meta.k8s.io/v1', rv: Number(first.metadata.resourceVersion), start: 'a/plain\u0000' });

    await call(server, 'POST', '/api/v1/namespaces/b/configmaps', configMap('b', 'later'));
    const second = (await call(server, 'GET', `/api/v1/configmaps?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`)).body;
    expect(names(second)).toEqual(['a/web-back', 'a/web-front']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const third = (await call(server, 'GET', `/api/v1/configmaps?limit=2&continue=${encodeURIComponent(second.metadata.continue)}`)).body;
    expect(names(third)).toEqual(['b/later', 'b/web-front']);
    expect(third.metadata.continue).toBeUndefined();

    const filtered = (await call(server, 'GET', '/api/v1/configmaps?limit=1&labelSelector=app%3Dweb')).body;
    expect(names(filtered)).toEqual(['a/web-back']);
    expect(filtered.metadata.remainingItemCount).toBeUndefined();

    const current = (await call(server, 'GET', '/api/v1/configmaps')).body.metadata.resourceVersion;
    expect(Number(current)).toBeGreaterThan(Number(first.metadata.resourceVersion));
    await call(server, 'DELETE', '/api/v1/namespaces/b/configmaps/later');
  });

  it('answers 410 Expired for a continue token older than the last compaction, 400 for a broken one', async () => {
    const first = (await call(server, 'GET', '/api/v1/configmaps?limit=1')).body;
    server.expireContinueTokens();
    const expired = await call(server, 'GET', `/api/v1/configmaps?limit=1&continue=${encodeURIComponent(first.metadata.continue)}`);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ reason: 'Expired', code: 410, message: expect.stringMatching(/^The provided continue parameter is too old/) });
    expect((await call(server, 'GET', '/api/v1/configmaps?continue=garbage')).status).toBe(400);
    const fresh = (await call(server, 'GET', '/api/v1/configmaps?limit=1')).body;
    expect((await call(server, 'GET', `/api/v1/configmaps?limit=1&continue=${encodeURIComponent(fresh.metadata.continue)}`)).status).toBe(200);
  });
});
