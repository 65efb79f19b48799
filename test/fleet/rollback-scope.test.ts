/**
 * Rollback applies only what belongs to the instance: a revision ConfigMap
 * changed by whoever may write ConfigMaps in the namespace (objects in other
 * namespaces, another Namespace, cluster-scoped kinds the instance never had,
 * another instance's record) is refused before anything is written.
 */
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManifestObject } from '../../constructs/index.js';
import { applyInstance } from '../../src/apply/apply.js';
import { SafetyError } from '../../src/apply/errors.js';
import { readRevision } from '../../src/apply/revisions.js';
import { rollbackInstance } from '../../src/apply/rollback.js';
import { outsideScope } from '../../src/apply/rollback-scope.js';
import { runCliAsync } from '../support/cli.js';
import { FAST, SHOP_NAMESPACE as namespace, shopSettings as settings, startCluster, workDir, type Cluster } from './support.js';

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let cluster: Cluster;
beforeEach(async () => {
  cluster = await startCluster();
});
afterEach(async () => cluster.server.stop());

const reader: ManifestObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'shop-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } as ManifestObject;
const shop = (mode: string) => ({ instance: 'shop', namespace: 'shop', objects: [namespace, reader, settings(mode)] });

const stolen: ManifestObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'stolen', namespace: 'kube-system' }, stringData: { token: 'x' } } as ManifestObject;
const binding: ManifestObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'shop-admin' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'shop' }],
} as ManifestObject;

interface Payload {
  objects: ManifestObject[];
  secrets: { name: string; namespace: string; keys: unknown[] }[];
}

/** Rewrites a recorded revision as someone with write access to ConfigMaps in the namespace can: consistent digest included. */
function tamper(revision: number, edit: (payload: Payload, annotations: Record<string, string>) => void): void {
  const live = cluster.server.store.get({ kind: 'ConfigMap', namespace: 'shop', name: `shop-revision-${revision}` }) as { metadata: { annotations: Record<string, string> }; binaryData: Record<string, string> };
  const payload = JSON.parse(gunzipSync(Buffer.from(live.binaryData['objects.json.gz'], 'base64')).toString('utf8')) as Payload;
  const annotations = { ...live.metadata.annotations };
  edit(payload, annotations);
  const json = JSON.stringify(payload);
  annotations['saas-charts.io/digest'] = createHash('sha256').update(json).digest('hex');
  cluster.server.store.put({ ...live, metadata: { ...live.metadata, annotations }, binaryData: { 'objects.json.gz': gzipSync(json).toString('base64') } });
}

async function twoRevisions(): Promise<void> {
  await applyInstance(cluster.client, shop('fast'), FAST);
  await applyInstance(cluster.client, shop('safe'), FAST);
  cluster.server.requests.clear();
}

const refusal = (what: string) => `refusing to roll back: revision 1 of shop (ConfigMap shop/shop-revision-1) ${what}; nothing was applied. A revision is as trusted as write access to ConfigMaps in shop: find out who changed it`;

describe('rollback of a tampered revision', () => {
  it.each([
    ['a Secret in kube-system', (p: Payload) => p.objects.push(stolen), 'holds Secret kube-system/stolen: it is in namespace kube-system, not shop'],
    ['a ClusterRoleBinding, a kind the instance never had', (p: Payload) => p.objects.push(binding), 'holds ClusterRoleBinding shop-admin: it is cluster-scoped and its kind ClusterRoleBinding.rbac.authorization.k8s.io is not one the instance\'s ApplySet lists (ClusterRole.rbac.authorization.k8s.io, ConfigMap, Namespace)'],
    ['another Namespace', (p: Payload) => p.objects.unshift({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } }), 'holds Namespace kube-system: it is a Namespace other than the instance\'s own (shop)'],
    ['a namespaced object without a namespace (it would land in default)', (p: Payload) => p.objects.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sneaky' } }), 'holds ServiceAccount sneaky: it is in namespace default, not shop'],
    ['a declared Secret in kube-system', (p: Payload) => p.secrets.push({ name: 'planted', namespace: 'kube-system', keys: [] }), 'declares Secret kube-system/planted: it is in namespace kube-system, not shop'],
    ['another instance\'s record', (_p: Payload, a: Record<string, string>) => { a['saas-charts.io/instance'] = 'billing'; }, 'records instance "billing", not shop'],
  ])('with %s is refused naming it, and nothing is written', async (_name, edit, what) => {
    await twoRevisions();
    tamper(1, edit);
    const rollback = rollbackInstance(cluster.client, 'shop', 'shop', FAST);
    await expect(rollback).rejects.toBeInstanceOf(SafetyError);
    await expect(rollback).rejects.toThrow(refusal(what));
    expect(cluster.server.requests.writes()).toEqual([]);
    expect(cluster.server.store.get({ kind: 'ConfigMap', namespace: 'shop', name: 'settings' })?.data).toEqual({ mode: 'safe' });
  });

  it('names the first offending object, and the CLI exits 2 with that message', async () => {
    await twoRevisions();
    tamper(1, (p) => p.objects.push(binding, stolen));
    const file = join(workDir, `platform-${cluster.server.port}.yaml`);
    writeFileSync(file, 'tenants: []\n');
    const run = await runCliAsync(['rollback', 'shop', '--to', '1', '--platform', file, '--kubeconfig', cluster.kubeconfig]);
    expect([run.code, run.stderr.trim()]).toEqual([2, `error: ${refusal('holds ClusterRoleBinding shop-admin: it is cluster-scoped and its kind ClusterRoleBinding.rbac.authorization.k8s.io is not one the instance\'s ApplySet lists (ClusterRole.rbac.authorization.k8s.io, ConfigMap, Namespace)')}`]);
    expect(cluster.server.requests.writes()).toEqual([]);
    expect(cluster.server.store.get({ kind: 'Secret', namespace: 'kube-system', name: 'stolen' })).toBeUndefined();
  });
});

describe('rollback of an untouched revision', () => {
  it('restores cluster-scoped objects of kinds the instance lists', async () => {
    await applyInstance(cluster.client, shop('fast'), FAST);
    const widened = { ...reader, rules: [{ apiGroups: [''], resources: ['pods', 'services'], verbs: ['get'] }] } as ManifestObject;
    await applyInstance(cluster.client, { ...shop('safe'), objects: [namespace, widened, settings('safe')] }, FAST);
    const result = await rollbackInstance(cluster.client, 'shop', 'shop', FAST);
    expect([result.to, result.revision]).toEqual([1, 3]);
    expect(cluster.server.store.get({ kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', name: 'shop-reader' })?.rules).toEqual(reader.rules);
    expect((await readRevision(cluster.client, 'shop', 'shop', 3)).digest).toBe((await readRevision(cluster.client, 'shop', 'shop', 1)).digest);
  });
});

describe('outsideScope', () => {
  const scope = { namespace: 'shop', groupKinds: ['ClusterRole.rbac.authorization.k8s.io', 'ConfigMap', 'Namespace', 'Widget.example.com'] };
  const widget = (metadata: ManifestObject['metadata']): ManifestObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata });

  it('keeps the instance\'s namespace, its own Namespace and listed cluster-scoped kinds', () => {
    expect(outsideScope(settings('fast'), scope, true)).toBeUndefined();
    expect(outsideScope(namespace, scope, false)).toBeUndefined();
    expect(outsideScope(reader, scope, false)).toBeUndefined();
    expect(outsideScope({ ...reader, metadata: { name: 'shop-reader', namespace: 'shop' } }, scope, false)).toBeUndefined();
  });

  it('places a kind the cluster does not serve yet by whether it names a namespace', () => {
    expect(outsideScope(widget({ name: 'w', namespace: 'shop' }), scope, undefined)).toBeUndefined();
    expect(outsideScope(widget({ name: 'w', namespace: 'billing' }), scope, undefined)).toBe('it is in namespace billing, not shop');
    expect(outsideScope(widget({ name: 'w' }), scope, undefined)).toBeUndefined();
    expect(outsideScope(widget({ name: 'w' }), { ...scope, groupKinds: [] }, undefined)).toBe('it is cluster-scoped and its kind Widget.example.com is not one the instance\'s ApplySet lists (none)');
  });
});
