import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';
import { apply, call, type Body } from './helpers.js';

let server: FakeApiServer;
afterEach(async () => server.stop());

const job = (name: string, spec: Body = {}): Body => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'shop' }, spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'app:1' }] } } } });
const condition = (body: Body, type: string) => (body.status?.conditions as Body[] | undefined)?.find((c) => c.type === type);

describe('controllers: jobs', () => {
  it('marks a new Job running as the job controller would, and leaves a suspended one alone', async () => {
    server = await startFakeApiServer({ namespaces: ['shop'], controllers: { jobs: true } });
    await apply(server, '/apis/batch/v1/namespaces/shop/jobs/run', job('run'));
    await apply(server, '/apis/batch/v1/namespaces/shop/jobs/later', job('later', { suspend: true }));
    server.flush();
    const running = (await call(server, 'GET', '/apis/batch/v1/namespaces/shop/jobs/run')).body;
    expect(running.status).toMatchObject({ active: 1, ready: 0, terminating: 0, startTime: expect.any(String) });
    expect(running.metadata.managedFields.at(-1)).toMatchObject({ manager: 'kube-controller-manager', subresource: 'status' });
    expect((await call(server, 'GET', '/apis/batch/v1/namespaces/shop/jobs/later')).body.status ?? {}).toEqual({});

    const complete = server.status.ready({ kind: 'Job', namespace: 'shop', name: 'run' }) as Body;
    expect(complete.status.startTime).toBe(running.status.startTime);
    expect(complete.status.active).toBeUndefined();
    expect(complete.status.conditions.map((c: Body) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    const failed = server.status.failed({ kind: 'Job', namespace: 'shop', name: 'run' }) as Body;
    expect(failed.status.conditions.map((c: Body) => c.type)).toEqual(['FailureTarget', 'Failed']);
    expect(condition(failed, 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded' });
  });

  it('is off by default: a new Job has no status until a test sets one', async () => {
    server = await startFakeApiServer({ namespaces: ['shop'] });
    await apply(server, '/apis/batch/v1/namespaces/shop/jobs/run', job('run'));
    server.flush();
    expect((await call(server, 'GET', '/apis/batch/v1/namespaces/shop/jobs/run')).body.status ?? {}).toEqual({});
  });
});

describe('controllers: cnpgAppSecrets', () => {
  it('generates <cluster>-app owned by the Cluster with the keys CNPG writes, unless initdb names a secret', async () => {
    server = await startFakeApiServer({ namespaces: ['shop'], controllers: { cnpgAppSecrets: true } });
    const cluster = (name: string, initdb: Body) => ({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name, namespace: 'shop' }, spec: { instances: 1, storage: { size: '1Gi' }, bootstrap: { initdb } } });
    const created = (await apply(server, '/apis/postgresql.cnpg.io/v1/namespaces/shop/clusters/db', cluster('db', { database: 'shop', owner: 'shopper' }))).body;
    await apply(server, '/apis/postgresql.cnpg.io/v1/namespaces/shop/clusters/own', cluster('own', { database: 'shop', secret: { name: 'mine' } }));
    server.flush();
    const secret = (await call(server, 'GET', '/api/v1/namespaces/shop/secrets/db-app')).body;
    expect(secret.type).toBe('kubernetes.io/basic-auth');
    expect(Object.keys(secret.data).sort()).toEqual(['dbname', 'host', 'password', 'pgpass', 'port', 'uri', 'user', 'username']);
    const value = (key: string) => Buffer.from(secret.data[key], 'base64').toString('utf8');
    expect([value('username'), value('dbname'), value('host'), value('port')]).toEqual(['shopper', 'shop', 'db-rw', '5432']);
    expect(value('password').length).toBeGreaterThanOrEqual(24);
    expect(secret.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Cluster', name: 'db', uid: created.metadata.uid, controller: true })]);
    expect((await call(server, 'GET', '/api/v1/namespaces/shop/secrets/own-app')).status).toBe(404);
  });
});
