/**
 * Revisions and rollback against the fake API server: every apply records a
 * revision in the instance's namespace (secrets never stored, capped history),
 * `rollback` restores the previous revision's objects byte for byte.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestObject } from '../../constructs/index.js';
import { applyInstance } from '../../src/apply/apply.js';
import { updateTenant } from '../../src/apply/provisioning.js';
import { listRevisions, readRevision, recordRevision, REVISION_OF_LABEL } from '../../src/apply/revisions.js';
import { DATA_NOTICE, defaultTarget, rollbackInstance } from '../../src/apply/rollback.js';
import { applySetFor } from '../../src/apply/applyset.js';
import { definePlatform } from '../../src/platform/load.js';
import { runCliAsync } from '../support/cli.js';
import { desiredPart, FAST, SHOP_NAMESPACE, shopSettings, startCluster, workDir, type Cluster } from './support.js';

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const platform = definePlatform({ tenants: [{ id: 'acme', name: 'ACME', tier: 'professional' }] });
const VERSION = (await import('../../package.json', { with: { type: 'json' } })).default.version;

let cluster: Cluster;
beforeEach(async () => {
  cluster = await startCluster();
});
afterEach(async () => cluster.server.stop());

const liveOf = (objects: readonly ManifestObject[]) => objects.map((o) => desiredPart(cluster.server.store.get({ kind: o.kind, apiVersion: o.apiVersion, namespace: o.metadata.namespace, name: o.metadata.name })));
const revisionConfigMaps = () => cluster.server.store.list('ConfigMap', { namespace: 'tenant-acme' }).filter((cm) => (cm.metadata as { labels?: Record<string, string> }).labels?.[REVISION_OF_LABEL]);

describe('revisions', () => {
  it('each apply records one: when, by which library version, what; a re-apply of the same objects records nothing', async () => {
    const first = await updateTenant(cluster.client, platform, 'acme', { imageTag: 'v1.0.0' }, FAST);
    expect(first.revision).toBe(1);
    const again = await updateTenant(cluster.client, platform, 'acme', { imageTag: 'v1.0.0' }, FAST);
    expect(again.revision).toBe(1);
    const second = await updateTenant(cluster.client, platform, 'acme', { imageTag: 'v2.0.0' }, FAST);
    expect(second.revision).toBe(2);
    const history = await listRevisions(cluster.client, 'tenant-acme', 'tenant-acme');
    expect(history.map((r) => [r.revision, r.status, r.libraryVersion])).toEqual([[1, 'applied', VERSION], [2, 'applied', VERSION]]);
    expect(Date.now() - Date.parse(history[1].appliedAt)).toBeLessThan(60_000);
    const stored = await readRevision(cluster.client, 'tenant-acme', 'tenant-acme', 2);
    const api = stored.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api') as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(api.spec.template.spec.containers[0].image).toBe('ghcr.io/your-org/mechanicbuddy-api:v2.0.0');
    // Lives in the instance's namespace, labelled with the ApplySet id, never part of the set itself (prune leaves it).
    const maps = revisionConfigMaps();
    expect(maps.map((cm) => (cm.metadata as { name: string }).name)).toEqual(['tenant-acme-revision-1', 'tenant-acme-revision-2']);
    expect(maps.every((cm) => (cm.metadata as { labels: Record<string, string> }).labels[REVISION_OF_LABEL] === applySetFor('tenant-acme', 'tenant-acme').id)).toBe(true);
    expect(maps.every((cm) => (cm.metadata as { labels: Record<string, string> }).labels['applyset.kubernetes.io/part-of'] === undefined)).toBe(true);
  });

  it('never stores Secret data: Secret objects are named only, declared Secrets keep names and keys without values', async () => {
    const secretObject: ManifestObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'inline', namespace: 'shop' }, type: 'Opaque', stringData: { password: 'hunter2-do-not-store' } };
    const config = shopSettings('fast');
    const namespace = SHOP_NAMESPACE;
    const secrets = [{ name: 'generated', namespace: 'shop', keys: [{ key: 'token', source: 'generated' as const, description: 'a token' }] }];
    await applyInstance(cluster.client, { instance: 'shop', namespace: 'shop', objects: [namespace, config, secretObject], secrets }, FAST);
    const generated = cluster.server.store.get({ kind: 'Secret', namespace: 'shop', name: 'generated' }) as { data: { token: string } };
    const token = Buffer.from(generated.data.token, 'base64').toString('utf8');
    const stored = cluster.server.store.get({ kind: 'ConfigMap', namespace: 'shop', name: 'shop-revision-1' }) as { binaryData: Record<string, string>; metadata: { annotations: Record<string, string> } };
    const text = JSON.stringify(stored) + gunzipSync(Buffer.from(stored.binaryData['objects.json.gz'], 'base64')).toString('utf8');
    expect(text).not.toContain('hunter2-do-not-store');
    expect(text).not.toContain(token);
    expect(text).not.toContain(generated.data.token);
    const revision = await readRevision(cluster.client, 'shop', 'shop', 1);
    expect(revision.objects.map((o) => o.kind)).toEqual(['Namespace', 'ConfigMap']);
    expect(revision.omittedSecrets).toEqual(['Secret shop/inline']);
    expect(revision.secrets).toEqual(secrets);
    await expect(rollbackInstance(cluster.client, 'shop', 'shop', { ...FAST, to: 1, prune: true })).rejects.toThrow('--prune would delete Secret shop/inline, which revision 1 names but does not store');
  });

  it('keeps a capped history: the oldest revisions go', async () => {
    const namespace = SHOP_NAMESPACE;
    for (let n = 1; n <= 5; n++) {
      const config: ManifestObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { n: String(n) } };
      await applyInstance(cluster.client, { instance: 'shop', namespace: 'shop', objects: [namespace, config] }, { ...FAST, revisionHistory: 3 });
    }
    expect((await listRevisions(cluster.client, 'shop', 'shop')).map((r) => r.revision)).toEqual([3, 4, 5]);
    await expect(readRevision(cluster.client, 'shop', 'shop', 1)).rejects.toThrow('shop has no revision 1; recorded: 3, 4, 5');
  });

  it('records the injected clock and refuses a payload altered in the cluster', async () => {
    const namespace = SHOP_NAMESPACE;
    await cluster.client.apply(namespace);
    const record = await recordRevision(cluster.client, { instance: 'shop', namespace: 'shop', objects: [namespace] }, { status: 'applied', now: () => Date.parse('2026-12-01T10:00:00Z') });
    expect(record?.appliedAt).toBe('2026-12-01T10:00:00.000Z');
    const live = cluster.server.store.get({ kind: 'ConfigMap', namespace: 'shop', name: 'shop-revision-1' })!;
    const other = Buffer.from(gunzipSync(Buffer.from((live.binaryData as Record<string, string>)['objects.json.gz'], 'base64')).toString('utf8').replace('shop', 'shoq'));
    const { gzipSync } = await import('node:zlib');
    cluster.server.store.put({ ...live, binaryData: { 'objects.json.gz': gzipSync(other).toString('base64') } });
    await expect(readRevision(cluster.client, 'shop', 'shop', 1)).rejects.toThrow(/do not match the recorded digest \(the ConfigMap was changed or damaged\)/);
  });

  it('a failed apply is recorded as failed with its reason; rollback then picks the last applied revision', async () => {
    await updateTenant(cluster.client, platform, 'acme', { imageTag: 'v1.0.0' }, { ...FAST, revisionHistory: 0 });
    cluster.failFrom('Deployment', 'tenant-acme');
    await expect(updateTenant(cluster.client, platform, 'acme', { imageTag: 'v2.0.0' }, FAST)).rejects.toThrow(/Deployment tenant-acme\/(api|web) failed/);
    const history = await listRevisions(cluster.client, 'tenant-acme', 'tenant-acme');
    expect(history.map((r) => r.status)).toEqual(['failed']);
    expect(history[0].message).toMatch(/Deployment tenant-acme\/\w+ failed/);
    expect(defaultTarget(history)).toBeUndefined();
    await expect(rollbackInstance(cluster.client, 'tenant-acme', 'tenant-acme', FAST)).rejects.toThrow('tenant-acme has no applied revision before revision 1; nothing to roll back to');
  });
});

describe('rollback', () => {
  it('restores the previous revision\'s objects byte for byte, records it as a new revision, and says data is not rolled back', async () => {
    await updateTenant(cluster.client, platform, 'acme', { imageTag: 'v1.0.0' }, FAST);
    const v1 = await readRevision(cluster.client, 'tenant-acme', 'tenant-acme', 1);
    const liveAtV1 = liveOf(v1.objects);
    await updateTenant(cluster.client, platform, 'acme', { imageTag: 'v2.0.0', tier: 'enterprise' }, FAST);
    const liveAtV2 = liveOf(v1.objects);
    expect(liveAtV2).not.toEqual(liveAtV1);

    const result = await rollbackInstance(cluster.client, 'tenant-acme', 'tenant-acme', FAST);
    expect([result.from, result.to, result.revision]).toEqual([2, 1, 3]);
    expect(result.notice).toBe(DATA_NOTICE);
    const liveAfter = liveOf(v1.objects);
    for (const [index, object] of v1.objects.entries()) expect(liveAfter[index], `${object.kind} ${object.metadata.name}`).toBe(liveAtV1[index]);
    const v3 = await readRevision(cluster.client, 'tenant-acme', 'tenant-acme', 3);
    expect(JSON.stringify(v3.objects)).toBe(JSON.stringify(v1.objects));
    expect(v3.digest).toBe(v1.digest);
    expect(v3.rollbackOf).toBe(1);
    // Rolled back again without --to: back to revision 2.
    expect((await rollbackInstance(cluster.client, 'tenant-acme', 'tenant-acme', FAST)).to).toBe(2);
    expect(liveOf(v1.objects)).toEqual(liveAtV2);
  });

  it('`saas-charts history` and `saas-charts rollback --to` against the fake server; bad --to is exit 2 naming the flag', async () => {
    const file = join(workDir, `platform-${cluster.server.port}.yaml`);
    writeFileSync(file, 'tenants:\n  - { id: acme, name: ACME, tier: professional }\n');
    await updateTenant(cluster.client, platform, 'acme', { imageTag: 'v1.0.0' }, FAST);
    await updateTenant(cluster.client, platform, 'acme', { imageTag: 'v2.0.0' }, FAST);
    const args = ['--platform', file, '--kubeconfig', cluster.kubeconfig];

    const history = await runCliAsync(['history', 'acme', ...args]);
    expect(history.code).toBe(0);
    const lines = history.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^REVISION +STATUS +APPLIED AT +SAAS-CHARTS +OBJECTS +NOTE$/);
    expect(lines.slice(1).map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['1 applied', '2* applied']);

    const bad = await runCliAsync(['rollback', 'tenant-acme', '--to', 'two', ...args]);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'error: --to "two" must be a whole number of at least 1']);
    const missing = await runCliAsync(['rollback', 'tenant-acme', '--to', '9', ...args]);
    expect([missing.code, missing.stderr.trim()]).toEqual([2, 'error: tenant-acme has no revision 9; recorded: 1, 2']);

    const rollback = await runCliAsync(['rollback', 'tenant-acme', '--to', '1', '-o', 'json', ...args]);
    expect(rollback.code).toBe(0);
    const report = JSON.parse(rollback.stdout) as { from: number; to: number; revision: number; notice: string };
    expect(report).toMatchObject({ from: 2, to: 1, revision: 3, notice: DATA_NOTICE });
    expect(rollback.stderr).toContain('Data is not rolled back');
    const api = cluster.server.store.get({ kind: 'Deployment', namespace: 'tenant-acme', name: 'api' }) as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(api.spec.template.spec.containers[0].image).toBe('ghcr.io/your-org/mechanicbuddy-api:v1.0.0');

    const table = await runCliAsync(['rollback', 'tenant-acme', ...args]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('rolled back tenant-acme from revision 3 to revision 2 (recorded as revision 4)');
    expect(table.stdout).toContain(DATA_NOTICE);
  });
});

describe('an instance too large to record', () => {
  it('is refused before anything is applied', async () => {
    // Random text does not compress: two of these are over the 700 KiB a revision may take.
    const blob = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { blob: randomBytes(450 * 1024).toString('base64') } }) as unknown as ManifestObject;
    const big = applyInstance(cluster.client, { instance: 'big', namespace: 'default', objects: [blob('one'), blob('two')] }, FAST);
    await expect(big).rejects.toThrow(/big: its revision would be \d+ bytes compressed, over the \d+-byte limit of one ConfigMap; nothing was applied/);
    expect(cluster.server.requests.writes()).toEqual([]);
  });
});
