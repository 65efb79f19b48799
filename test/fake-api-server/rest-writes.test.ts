import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';
import { apply, call, deployment, deploymentPath, type Body } from './helpers.js';

let server: FakeApiServer;
let counter = 0;
beforeAll(async () => {
  server = await startFakeApiServer({ namespaces: ['shop'], crds: ['postgresql.cnpg.io'] });
});
afterAll(() => server.stop());

function fresh(prefix = 'web'): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

async function created(name: string, spec: Body = {}): Promise<Body> {
  const answer = await call(server, 'POST', `${deploymentPath('shop')}?fieldManager=kubectl-create`, deployment(name, 'shop', spec));
  expect(answer.status).toBe(201);
  return answer.body;
}

describe('create, update and patch', () => {
  it('creates with POST, records an Update manager, and refuses a second create with 409 AlreadyExists', async () => {
    const name = fresh();
    const body = await created(name);
    expect(body.metadata.managedFields).toHaveLength(1);
    const [entry] = body.metadata.managedFields;
    expect(entry).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    // Like kubectl create: the creator owns the defaults too; new maps and list items are members ("."), structs are not.
    expect(entry.fieldsV1['f:metadata']).toEqual({ 'f:labels': { '.': {}, 'f:app': {} } });
    expect(entry.fieldsV1['f:spec']['.']).toBeUndefined();
    expect(entry.fieldsV1['f:spec']).toMatchObject({ 'f:replicas': {}, 'f:progressDeadlineSeconds': {}, 'f:selector': {} });
    const containers = entry.fieldsV1['f:spec']['f:template']['f:spec']['f:containers'];
    expect(containers['.']).toBeUndefined();
    expect(containers['k:{"name":"web"}']).toMatchObject({ '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:terminationMessagePath': {} });
    expect(containers['k:{"name":"web"}']['f:ports']['.']).toEqual({});
    expect(entry.fieldsV1['f:status']).toBeUndefined();

    const again = await call(server, 'POST', deploymentPath('shop'), deployment(name, 'shop'));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `deployments.apps "${name}" already exists`, reason: 'AlreadyExists', details: { name, group: 'apps', kind: 'deployments' }, code: 409 });
  });

  it('names the manager after the User-Agent when there is no fieldManager', async () => {
    const name = fresh();
    const answer = await call(server, 'POST', deploymentPath('shop'), deployment(name, 'shop'));
    expect(answer.body.metadata.managedFields[0].manager).toBe('fake-api-server-tests');
  });

  it('updates with PUT, answers 409 on a stale resourceVersion, and stores nothing for an identical PUT', async () => {
    const name = fresh();
    const first = await created(name);
    const changed = { ...first, spec: { ...first.spec, replicas: 3 } };
    const updated = await call(server, 'PUT', `${deploymentPath('shop', name)}?fieldManager=kubectl-edit`, changed);
    expect(updated.status).toBe(200);
    expect(updated.body.metadata.generation).toBe(2);
    expect(updated.body.metadata.managedFields.map((entry: Body) => entry.manager)).toEqual(['kubectl-create', 'kubectl-edit']);
    expect(updated.body.metadata.managedFields[1].fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });

    const stale = await call(server, 'PUT', deploymentPath('shop', name), changed);
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Operation cannot be fulfilled on deployments.apps "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      reason: 'Conflict',
      details: { name, group: 'apps', kind: 'deployments' },
      code: 409,
    });

    const same = await call(server, 'PUT', deploymentPath('shop', name), updated.body);
    expect(same.status).toBe(200);
    expect(same.body.metadata.resourceVersion).toBe(updated.body.metadata.resourceVersion);
    expect((await call(server, 'PUT', deploymentPath('shop', 'missing'), { ...deployment('missing', 'shop') })).status).toBe(404);
  });

  it('patches with merge, strategic merge (lists by key) and JSON patch', async () => {
    const name = fresh();
    await created(name);
    const merge = await call(server, 'PATCH', deploymentPath('shop', name), { metadata: { labels: { tier: 'web' } } }, 'application/merge-patch+json');
    expect(merge.body.metadata.labels).toEqual({ app: name, tier: 'web' });
    expect(merge.body.metadata.generation).toBe(1);

    const strategic = await call(server, 'PATCH', deploymentPath('shop', name), { spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'MODE', value: 'prod' }] }] } } } }, 'application/strategic-merge-patch+json');
    expect(strategic.status).toBe(200);
    expect(strategic.body.spec.template.spec.containers).toHaveLength(1);
    expect(strategic.body.spec.template.spec.containers[0]).toMatchObject({ name: 'web', image: 'nginx:1.27', env: [{ name: 'MODE', value: 'prod' }] });
    expect(strategic.body.metadata.generation).toBe(2);

    const json = await call(server, 'PATCH', deploymentPath('shop', name), [{ op: 'replace', path: '/spec/replicas', value: 4 }], 'application/json-patch+json');
    expect(json.body.spec.replicas).toBe(4);
    const failedTest = await call(server, 'PATCH', deploymentPath('shop', name), [{ op: 'test', path: '/spec/replicas', value: 9 }], 'application/json-patch+json');
    expect(failedTest.status).toBe(422);
    expect((await call(server, 'PATCH', deploymentPath('shop', 'missing'), {}, 'application/merge-patch+json')).status).toBe(404);
  });

  it('refuses strategic merge patches on custom resources and unknown patch types with 415', async () => {
    await apply(server, '/apis/postgresql.cnpg.io/v1/namespaces/shop/clusters/pg', { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'pg', namespace: 'shop' }, spec: { instances: 1, storage: { size: '1Gi' } } });
    const strategic = await call(server, 'PATCH', '/apis/postgresql.cnpg.io/v1/namespaces/shop/clusters/pg', { spec: { instances: 2 } }, 'application/strategic-merge-patch+json');
    expect(strategic.status).toBe(415);
    expect(strategic.body).toMatchObject({
      reason: 'UnsupportedMediaType',
      message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
    expect((await call(server, 'PATCH', deploymentPath('shop', 'x'), {}, 'application/json')).status).toBe(415);
  });

  it('stores nothing under dryRun=All for POST, PUT and PATCH', async () => {
    const name = fresh();
    const dryCreate = await call(server, 'POST', `${deploymentPath('shop')}?dryRun=All`, deployment(name, 'shop'));
    expect(dryCreate.status).toBe(201);
    expect(dryCreate.body.metadata.resourceVersion).toBeUndefined();
    expect((await call(server, 'GET', deploymentPath('shop', name))).status).toBe(404);

    const stored = await created(name);
    const dryPut = await call(server, 'PUT', `${deploymentPath('shop', name)}?dryRun=All`, { ...stored, spec: { ...stored.spec, replicas: 8 } });
    expect(dryPut.body.spec.replicas).toBe(8);
    const dryPatch = await call(server, 'PATCH', `${deploymentPath('shop', name)}?dryRun=All`, { spec: { replicas: 9 } }, 'application/merge-patch+json');
    expect(dryPatch.body.spec.replicas).toBe(9);
    expect((await call(server, 'GET', deploymentPath('shop', name))).body).toEqual(stored);
    expect((await call(server, 'POST', `${deploymentPath('shop')}?dryRun=true`, deployment(fresh(), 'shop'))).status).toBe(422);
  });

  it('rejects unknown fields under fieldValidation=Strict, warns under Warn (the default), drops them silently under Ignore', async () => {
    const typo = (name: string): Body => {
      const object = deployment(name, 'shop', { replica: 3 });
      object.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
      return object;
    };
    const strict = await call(server, 'POST', `${deploymentPath('shop')}?fieldValidation=Strict`, typo(fresh()));
    expect(strict.status).toBe(400);
    expect(strict.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy", unknown field "spec.replica"',
      reason: 'BadRequest',
      code: 400,
    });

    const name = fresh();
    const warned = await call(server, 'POST', deploymentPath('shop'), typo(name));
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toBe('299 - "unknown field \\"spec.template.spec.containers[0].imagePullPolicyy\\"", 299 - "unknown field \\"spec.replica\\""');
    expect(warned.body.spec.replica).toBeUndefined();

    const ignored = await call(server, 'POST', `${deploymentPath('shop')}?fieldValidation=Ignore`, typo(fresh()));
    expect(ignored.status).toBe(201);
    expect(ignored.headers.get('warning')).toBeNull();

    const strictPatch = await call(server, 'PATCH', `${deploymentPath('shop', name)}?fieldValidation=Strict`, { spec: { replica: 1 } }, 'application/merge-patch+json');
    expect(strictPatch.body).toMatchObject({ code: 400, reason: 'BadRequest', message: 'strict decoding error: unknown field "spec.replica"' });
  });

  it('refuses changes to immutable fields with 422 Invalid and "field is immutable" causes', async () => {
    const name = fresh();
    await created(name);
    const selector = await call(server, 'PATCH', deploymentPath('shop', name), { spec: { selector: { matchLabels: { app: 'other' } } } }, 'application/merge-patch+json');
    expect(selector.status).toBe(422);
    expect(selector.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Deployment.apps "${name}" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"other"}}: field is immutable`,
      reason: 'Invalid',
      details: { name, group: 'apps', kind: 'Deployment', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: {"matchLabels":{"app":"other"}}: field is immutable', field: 'spec.selector' }] },
      code: 422,
    });

    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'app:1' }] } } } };
    const createdJob = await apply(server, '/apis/batch/v1/namespaces/shop/jobs/migrate', job);
    expect(createdJob.status).toBe(201);
    expect(createdJob.body.spec.selector.matchLabels['batch.kubernetes.io/controller-uid']).toBe(createdJob.body.metadata.uid);
    expect((await apply(server, '/apis/batch/v1/namespaces/shop/jobs/migrate', job)).status).toBe(200);
    job.spec.template.spec.containers[0].image = 'app:2';
    const changedJob = await apply(server, '/apis/batch/v1/namespaces/shop/jobs/migrate', job);
    expect(changedJob.status).toBe(422);
    expect(changedJob.body.details.causes).toEqual([expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.template', message: expect.stringMatching(/field is immutable$/) })]);

    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    const createdService = await apply(server, '/api/v1/namespaces/shop/services/web', service);
    expect(createdService.body.spec).toMatchObject({ type: 'ClusterIP', clusterIP: expect.stringMatching(/^10\.96\./), ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
    expect((await apply(server, '/api/v1/namespaces/shop/services/web', service)).status).toBe(200);
    const movedIp = await apply(server, '/api/v1/namespaces/shop/services/web', { ...service, spec: { ...service.spec, clusterIP: '10.96.99.99' } });
    expect(movedIp.status).toBe(422);
    expect(movedIp.body.message).toBe('Service "web" is invalid: spec.clusterIP: Invalid value: "10.96.99.99": field is immutable');
  });

  it('keeps status on main-resource writes and only status on /status writes', async () => {
    const name = fresh();
    const stored = await created(name);
    const mainWrite = await call(server, 'PUT', deploymentPath('shop', name), { ...stored, status: { replicas: 5 } });
    expect(mainWrite.body.status).toEqual({});
    const statusWrite = await call(server, 'PUT', `${deploymentPath('shop', name)}/status?fieldManager=kube-controller-manager`, { ...mainWrite.body, spec: { ...mainWrite.body.spec, replicas: 9 }, status: { replicas: 2, observedGeneration: 1 } });
    expect(statusWrite.status).toBe(200);
    expect(statusWrite.body.spec.replicas).toBe(2);
    expect(statusWrite.body.status).toEqual({ replicas: 2, observedGeneration: 1 });
    expect(statusWrite.body.metadata.generation).toBe(1);
    expect(statusWrite.body.metadata.managedFields.find((entry: Body) => entry.manager === 'kube-controller-manager')).toMatchObject({ manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': { 'f:observedGeneration': {}, 'f:replicas': {} } } });
    expect((await call(server, 'GET', `${deploymentPath('shop', name)}/status`)).body.status).toEqual({ replicas: 2, observedGeneration: 1 });
    expect((await call(server, 'GET', '/api/v1/namespaces/shop/configmaps/x/status')).status).toBe(404);
  });

  it('folds Secret stringData into base64 data, fills generateName, and validates names', async () => {
    const secret = await apply(server, '/api/v1/namespaces/shop/secrets/db', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, data: { user: Buffer.from('app').toString('base64') }, stringData: { password: 's3cret' } });
    expect(secret.body.type).toBe('Opaque');
    expect(secret.body.stringData).toBeUndefined();
    expect(secret.body.data).toEqual({ user: 'YXBw', password: Buffer.from('s3cret').toString('base64') });

    const generated = await call(server, 'POST', '/api/v1/namespaces/shop/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'settings-' }, data: { a: 'b' } });
    expect(generated.status).toBe(201);
    expect(generated.body.metadata.name).toMatch(/^settings-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(generated.body.metadata.generation).toBeUndefined();

    const badName = await call(server, 'POST', '/api/v1/namespaces/shop/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Web_1' } });
    expect(badName.status).toBe(422);
    expect(badName.body.message).toMatch(/^ConfigMap "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of/);
    const noName = await call(server, 'POST', '/api/v1/namespaces/shop/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} });
    expect(noName.body.details.causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
  });

  it('needs the namespace to exist and to match the URL', async () => {
    const missing = await call(server, 'POST', '/api/v1/namespaces/ghost/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('namespaces "ghost" not found');
    const mismatch = await call(server, 'POST', '/api/v1/namespaces/shop/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'other' } });
    expect(mismatch.body).toMatchObject({ code: 400, message: 'the namespace of the provided object does not match the namespace sent on the request' });
    const wrongKind = await call(server, 'POST', '/api/v1/namespaces/shop/configmaps', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' } });
    expect(wrongKind.status).toBe(400);
  });
});
