import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';
import { apply, call, deployment, deploymentPath, type Body } from './helpers.js';

let server: FakeApiServer;
let counter = 0;
beforeAll(async () => {
  server = await startFakeApiServer({ namespaces: ['shop', 'db'] });
});
afterAll(() => server.stop());

/** A fresh Deployment name per test, so tests do not share objects. */
function fresh(): string {
  counter += 1;
  return `web-${counter}`;
}

const managers = (object: Body): [string, string, string | undefined][] => object.metadata.managedFields.map((entry: Body) => [entry.manager, entry.operation, entry.subresource]);
const entryOf = (object: Body, manager: string): Body => object.metadata.managedFields.find((entry: Body) => entry.manager === manager);

describe('server-side apply', () => {
  it('creates the object and records exactly the applied fields, in FieldsV1', async () => {
    const name = fresh();
    const created = await apply(server, deploymentPath('shop', name), deployment(name, 'shop'));
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name, namespace: 'shop', generation: 1 });
    expect(created.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(created.body.metadata.managedFields).toEqual([
      {
        manager: 'saas-charts',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"web"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
    // Defaults are filled in but owned by nobody.
    expect(created.body.spec).toMatchObject({ revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate' } });
    expect(created.body.spec.template.spec.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, protocol: 'TCP' }] });
    expect(created.body.status).toEqual({});
  });

  it('leaves the object untouched (same resourceVersion and managedFields) when the same configuration is applied again', async () => {
    const name = fresh();
    const first = await apply(server, deploymentPath('shop', name), deployment(name, 'shop'));
    const second = await apply(server, deploymentPath('shop', name), deployment(name, 'shop'));
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const read = await call(server, 'GET', deploymentPath('shop', name));
    expect(read.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
  });

  it('bumps resourceVersion on every change and generation only when the spec changes', async () => {
    const name = fresh();
    const first = (await apply(server, deploymentPath('shop', name), deployment(name, 'shop'))).body;
    const labelled = deployment(name, 'shop');
    labelled.metadata.labels.tier = 'web';
    const second = (await apply(server, deploymentPath('shop', name), labelled)).body;
    expect(Number(second.metadata.resourceVersion)).toBeGreaterThan(Number(first.metadata.resourceVersion));
    expect(second.metadata.generation).toBe(1);
    labelled.spec.template.spec.containers[0].image = 'nginx:1.28';
    const third = (await apply(server, deploymentPath('shop', name), labelled)).body;
    expect(third.metadata.generation).toBe(2);
    expect(third.spec.template.spec.containers[0].image).toBe('nginx:1.28');
  });

  it('answers 409 naming the field and the owning manager when another manager changes an owned field', async () => {
    const name = fresh();
    await apply(server, deploymentPath('shop', name), deployment(name, 'shop'));
    const before = (await call(server, 'GET', deploymentPath('shop', name))).body;
    const scaled = await apply(server, deploymentPath('shop', name), deployment(name, 'shop', { replicas: 5 }), 'fieldManager=kubectl');
    expect(scaled.status).toBe(409);
    expect(scaled.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "saas-charts": .spec.replicas',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "saas-charts"', field: '.spec.replicas' }] },
      code: 409,
    });
    expect((await call(server, 'GET', deploymentPath('shop', name))).body).toEqual(before);
  });

  it('names an Update manager with its apiVersion, as the API server prints it', async () => {
    const name = fresh();
    await apply(server, deploymentPath('shop', name), deployment(name, 'shop'));
    const edited = await call(server, 'PATCH', `${deploymentPath('shop', name)}?fieldManager=kubectl`, { spec: { replicas: 4 } }, 'application/merge-patch+json');
    expect(edited.status).toBe(200);
    expect(managers(edited.body)).toEqual([
      ['saas-charts', 'Apply', undefined],
      ['kubectl', 'Update', undefined],
    ]);
    expect(entryOf(edited.body, 'kubectl').fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(entryOf(edited.body, 'saas-charts').fieldsV1['f:spec']['f:replicas']).toBeUndefined();

    const reapplied = await apply(server, deploymentPath('shop', name), deployment(name, 'shop'));
    expect(reapplied.status).toBe(409);
    expect(reapplied.body.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas');
    expect(reapplied.body.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl" using apps/v1', field: '.spec.replicas' }]);
  });

  it('lists every conflict, grouped by manager, when there are several', async () => {
    const name = fresh();
    await apply(server, deploymentPath('shop', name), deployment(name, 'shop'));
    const other = deployment(name, 'shop', { replicas: 3 });
    other.spec.template.spec.containers[0].image = 'nginx:2';
    const answer = await apply(server, deploymentPath('shop', name), other, 'fieldManager=helm');
    expect(answer.status).toBe(409);
    expect(answer.body.message).toBe('Apply failed with 2 conflicts: conflicts with "saas-charts":\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image');
    expect(answer.body.details.causes.map((cause: Body) => cause.field)).toEqual(['.spec.replicas', '.spec.template.spec.containers[name="web"].image']);
  });

  it('takes ownership of conflicting fields with force=true', async () => {
    const name = fresh();
    await apply(server, deploymentPath('shop', name), deployment(name, 'shop'));
    const forced = await apply(server, deploymentPath('shop', name), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' }, spec: { replicas: 5 } }, 'fieldManager=hpa-controller&force=true');
    expect(forced.status).toBe(200);
    expect(forced.body.spec.replicas).toBe(5);
    expect(entryOf(forced.body, 'hpa-controller').fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(entryOf(forced.body, 'saas-charts').fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    expect(forced.body.metadata.generation).toBe(2);
    // The original manager no longer owns replicas, so leaving it out removes nothing and conflicts with nobody.
    const withoutReplicas = deployment(name, 'shop');
    delete withoutReplicas.spec.replicas;
    const again = await apply(server, deploymentPath('shop', name), withoutReplicas);
    expect(again.status).toBe(200);
    expect(again.body.spec.replicas).toBe(5);
  });

  it('shares ownership when another manager applies the same value', async () => {
    const name = fresh();
    const first = (await apply(server, deploymentPath('shop', name), deployment(name, 'shop'))).body;
    const shared = await apply(server, deploymentPath('shop', name), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' }, spec: { replicas: 2 } }, 'fieldManager=other');
    expect(shared.status).toBe(200);
    expect(entryOf(shared.body, 'other').fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(entryOf(shared.body, 'saas-charts').fieldsV1['f:spec']['f:replicas']).toEqual({});
    expect(shared.body.metadata.generation).toBe(1);
    expect(shared.body.metadata.resourceVersion).not.toBe(first.metadata.resourceVersion);
  });

  it('removes fields the manager applied before and no longer applies, unless another manager owns them', async () => {
    const name = fresh();
    const withExtras = deployment(name, 'shop');
    withExtras.metadata.labels.tier = 'web';
    withExtras.spec.template.spec.containers.push({ name: 'sidecar', image: 'envoy:1' });
    await apply(server, deploymentPath('shop', name), withExtras);
    await apply(server, deploymentPath('shop', name), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop', labels: { team: 'shop' } } }, 'fieldManager=labeller');

    const pruned = await apply(server, deploymentPath('shop', name), deployment(name, 'shop'));
    expect(pruned.body.metadata.labels).toEqual({ app: name, team: 'shop' });
    expect(pruned.body.spec.template.spec.containers.map((container: Body) => container.name)).toEqual(['web']);
  });

  it('requires fieldManager and refuses managedFields, a wrong apiVersion or another name in the body', async () => {
    const name = fresh();
    const noManager = await apply(server, deploymentPath('shop', name), deployment(name, 'shop'), 'force=false');
    expect(noManager.status).toBe(400);
    expect(noManager.body).toMatchObject({ reason: 'BadRequest', code: 400, message: expect.stringContaining('fieldManager is required for apply requests') });

    const withManagedFields = deployment(name, 'shop');
    withManagedFields.metadata.managedFields = [];
    expect((await apply(server, deploymentPath('shop', name), withManagedFields)).body).toMatchObject({ code: 400, message: 'metadata.managedFields must be nil' });

    const wrongVersion = { ...deployment(name, 'shop'), apiVersion: 'apps/v1beta1' };
    expect((await apply(server, deploymentPath('shop', name), wrongVersion)).body).toMatchObject({ code: 400, message: 'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1' });

    const otherName = await apply(server, deploymentPath('shop', name), deployment('other', 'shop'));
    expect(otherName.body).toMatchObject({ code: 400, message: `the name of the object (other) does not match the name on the URL (${name})` });
  });

  it('answers unknown fields with the API server\'s 500 "field not declared in schema", whatever fieldValidation says', async () => {
    const name = fresh();
    const typo = deployment(name, 'shop', { replica: 3 });
    typo.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    for (const query of ['fieldManager=saas-charts&fieldValidation=Strict', 'fieldManager=saas-charts&fieldValidation=Ignore']) {
      const answer = await apply(server, deploymentPath('shop', name), typo, query);
      expect(answer.status).toBe(500);
      expect(answer.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `failed to create typed patch object (shop/${name}; apps/v1, Kind=Deployment): errors:\n  .spec.replica: field not declared in schema\n  .spec.template.spec.containers[name="web"].imagePullPolicyy: field not declared in schema`,
        code: 500,
      });
    }
    expect((await call(server, 'GET', deploymentPath('shop', name))).status).toBe(404);
  });

  it('rejects duplicate list keys in the applied configuration', async () => {
    const name = fresh();
    const duplicated = deployment(name, 'shop');
    duplicated.spec.template.spec.containers[0].env = [
      { name: 'A', value: '1' },
      { name: 'A', value: '2' },
    ];
    const answer = await apply(server, deploymentPath('shop', name), duplicated);
    expect(answer.status).toBe(500);
    expect(answer.body.message).toBe(`failed to create typed patch object (shop/${name}; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="web"].env: duplicate entries for key [name="A"]`);
  });

  it('ignores status in a main-resource apply and owns it through /status', async () => {
    const name = fresh();
    const withStatus = { ...deployment(name, 'shop'), status: { replicas: 9 } };
    const created = (await apply(server, deploymentPath('shop', name), withStatus)).body;
    expect(created.status).toEqual({});
    expect(entryOf(created, 'saas-charts').fieldsV1['f:status']).toBeUndefined();

    const status = await apply(server, `${deploymentPath('shop', name)}/status`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' }, status: { replicas: 2 } }, 'fieldManager=my-controller');
    expect(status.status).toBe(200);
    expect(status.body.status).toEqual({ replicas: 2 });
    expect(status.body.metadata.generation).toBe(1);
    expect(entryOf(status.body, 'my-controller')).toMatchObject({ operation: 'Apply', subresource: 'status', fieldsV1: { 'f:status': { 'f:replicas': {} } } });
  });

  it('accepts YAML bodies and answers 404 for a namespace that does not exist', async () => {
    const name = fresh();
    const yaml = await call(server, 'PATCH', `${deploymentPath('shop', name)}?fieldManager=saas-charts`, stringify(deployment(name, 'shop')), 'application/apply-patch+yaml');
    expect(yaml.status).toBe(201);
    const missing = await apply(server, deploymentPath('nope', name), deployment(name, 'nope'));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'namespaces "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'namespaces' }, code: 404 });
  });

  it('runs the whole apply under dryRun=All, conflicts included, and stores nothing', async () => {
    const name = fresh();
    const dry = await apply(server, deploymentPath('shop', name), deployment(name, 'shop'), 'fieldManager=saas-charts&dryRun=All');
    expect(dry.status).toBe(201);
    expect(dry.body.metadata.uid).toBeDefined();
    expect(dry.body.metadata.resourceVersion).toBeUndefined();
    expect(dry.body.metadata.managedFields[0].manager).toBe('saas-charts');
    expect((await call(server, 'GET', deploymentPath('shop', name))).status).toBe(404);

    const stored = (await apply(server, deploymentPath('shop', name), deployment(name, 'shop'))).body;
    const dryChange = await apply(server, deploymentPath('shop', name), deployment(name, 'shop', { replicas: 7 }), 'fieldManager=saas-charts&dryRun=All');
    expect(dryChange.body.spec.replicas).toBe(7);
    expect(dryChange.body.metadata.generation).toBe(2);
    expect(dryChange.body.metadata.resourceVersion).toBe(stored.metadata.resourceVersion);
    const dryConflict = await apply(server, deploymentPath('shop', name), deployment(name, 'shop', { replicas: 7 }), 'fieldManager=kubectl&dryRun=All');
    expect(dryConflict.status).toBe(409);
    expect((await call(server, 'GET', deploymentPath('shop', name))).body).toEqual(stored);
  });

  it('applies custom resources with their CRD schema: generation follows the spec, status stays with its subresource', async () => {
    const path = '/apis/postgresql.cnpg.io/v1/namespaces/db/clusters/main';
    const cluster = { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'main', namespace: 'db' }, spec: { instances: 2, storage: { size: '1Gi' } }, status: { phase: 'lies' } };
    const created = await apply(server, path, cluster);
    expect(created.status).toBe(201);
    expect(created.body.status).toBeUndefined();
    expect(created.body.metadata.managedFields[0].fieldsV1).toEqual({ 'f:spec': { 'f:instances': {}, 'f:storage': { 'f:size': {} } } });
    const labelled = await apply(server, path, { ...cluster, metadata: { ...cluster.metadata, labels: { a: 'b' } } });
    expect(labelled.body.metadata.generation).toBe(1);
    const grown = await apply(server, path, { ...cluster, spec: { instances: 3, storage: { size: '1Gi' } } });
    expect(grown.body.metadata.generation).toBe(2);

    const typo = await apply(server, path, { ...cluster, spec: { instance: 3 } });
    expect(typo.status).toBe(500);
    expect(typo.body.message).toBe('failed to create typed patch object (db/main; postgresql.cnpg.io/v1, Kind=Cluster): .spec.instance: field not declared in schema');
  });
});
