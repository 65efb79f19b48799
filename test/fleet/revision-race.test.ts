/**
 * Recording a revision when two applies of one instance race: each record is
 * a create (POST), a 409 AlreadyExists sends the loser to the next free
 * number, and the capped history stays capped.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { ManifestObject } from '../../constructs/index.js';
import { applyInstance } from '../../src/apply/apply.js';
import { KubeApiError } from '../../src/apply/errors.js';
import { ObjectClient } from '../../src/apply/objects.js';
import { listRevisions, readRevision, recordRevision, RECORD_ATTEMPTS, REVISION_LABEL, RevisionError } from '../../src/apply/revisions.js';
import type { KubeRequest } from '../../src/apply/transport.js';
import { FAST, SHOP_NAMESPACE as namespace, shopSettings as settings, startCluster, workDir, type Cluster } from './support.js';

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let cluster: Cluster;
beforeEach(async () => {
  cluster = await startCluster();
});
afterEach(async () => cluster.server.stop());

const shop = (mode: string) => ({ instance: 'shop', namespace: 'shop', objects: [namespace, settings(mode)] });

const isRevisionList = (request: KubeRequest) => request.method === 'GET' && (request.query?.labelSelector ?? '').startsWith('saas-charts.io/revision-of=');
const isRevisionWrite = (request: KubeRequest) => request.method !== 'GET' && (request.body as ManifestObject | undefined)?.metadata?.labels?.[REVISION_LABEL] !== undefined;

/** The fake server's transport, with `before` run ahead of every request it forwards. */
function hooked(before: (request: KubeRequest) => Promise<void>): ObjectClient {
  const transport = cluster.client.transport;
  return new ObjectClient({
    server: transport.server,
    stats: transport.stats,
    request: async (request) => {
      await before(request);
      return transport.request(request);
    },
  });
}

/** Two operators whose revision writes wait until both have read the history: both compute the same "next". */
function racingOperators(): [ObjectClient, ObjectClient] {
  let lists = 0;
  let open!: () => void;
  const bothListed = new Promise<void>((resolve) => { open = resolve; });
  const operator = () => hooked(async (request) => {
    if (isRevisionList(request) && ++lists === 2) open();
    if (isRevisionWrite(request)) await bothListed;
  });
  return [operator(), operator()];
}

describe('two applies of one instance at once', () => {
  it('both succeed and record two distinct consecutive revisions, both readable', async () => {
    const [one, other] = racingOperators();
    const [first, second] = await Promise.all([applyInstance(one, shop('fast'), FAST), applyInstance(other, shop('safe'), FAST)]);
    expect([first.revision, second.revision].sort()).toEqual([1, 2]);
    const history = await listRevisions(cluster.client, 'shop', 'shop');
    expect(history.map((r) => [r.revision, r.status])).toEqual([[1, 'applied'], [2, 'applied']]);
    const modes = await Promise.all([1, 2].map(async (n) => (await readRevision(cluster.client, 'shop', 'shop', n)).objects.find((o) => o.kind === 'ConfigMap')?.data));
    expect(modes.map((data) => (data as { mode: string }).mode).sort()).toEqual(['fast', 'safe']);
    // Each record was one create; the loser's 409 is on the wire, nothing was overwritten.
    const creates = cluster.server.requests.writes().filter((r) => r.path === '/api/v1/namespaces/shop/configmaps');
    expect(creates.map((r) => [r.method, r.status])).toEqual(expect.arrayContaining([['POST', 201], ['POST', 409], ['POST', 201]]));
    expect(cluster.server.requests.writes().filter((r) => r.path.includes('-revision-') && r.method === 'PATCH')).toEqual([]);
  });

  it('keeps the history capped when the race straddles the cap', async () => {
    for (const mode of ['a', 'b', 'c']) await applyInstance(cluster.client, shop(mode), { ...FAST, revisionHistory: 3 });
    const [one, other] = racingOperators();
    await Promise.all([applyInstance(one, shop('d'), { ...FAST, revisionHistory: 3 }), applyInstance(other, shop('e'), { ...FAST, revisionHistory: 3 })]);
    expect((await listRevisions(cluster.client, 'shop', 'shop')).map((r) => r.revision)).toEqual([3, 4, 5]);
  });
});

describe('recordRevision on 409 AlreadyExists', () => {
  it('moves to the next number when another writer took this one after the history was read', async () => {
    await cluster.client.apply(namespace);
    let raced = false;
    const client = hooked(async (request) => {
      if (raced || !isRevisionWrite(request)) return;
      raced = true;
      await recordRevision(cluster.client, shop('theirs'), { status: 'applied' });
    });
    const ours = await recordRevision(client, shop('ours'), { status: 'applied' });
    expect(ours?.revision).toBe(2);
    expect(ours?.configMap).toBe('shop-revision-2');
    const history = await listRevisions(cluster.client, 'shop', 'shop');
    expect(history.map((r) => r.revision)).toEqual([1, 2]);
    expect((await readRevision(cluster.client, 'shop', 'shop', 1)).objects[1].data).toEqual({ mode: 'theirs' });
    expect((await readRevision(cluster.client, 'shop', 'shop', 2)).objects[1].data).toEqual({ mode: 'ours' });
  });

  it('takes a 409 on its own retried create (the first answer was lost) as recorded, not as a second revision', async () => {
    await cluster.client.apply(namespace);
    // The create lands but its answer is lost: the transport sends it again and gets 409.
    const client = hooked(async (request) => {
      if (isRevisionWrite(request)) await cluster.client.transport.request(request);
    });
    const ours = await recordRevision(client, shop('ours'), { status: 'failed', message: 'Deployment shop/api failed' });
    expect(ours?.revision).toBe(1);
    expect((await listRevisions(cluster.client, 'shop', 'shop')).map((r) => [r.revision, r.status])).toEqual([[1, 'failed']]);
  });

  it('gives up with a RevisionError after a bounded number of attempts', async () => {
    await cluster.client.apply(namespace);
    const conflict = new KubeApiError(409, { kind: 'Status', status: 'Failure', reason: 'AlreadyExists', code: 409, message: 'configmaps "shop-revision-1" already exists' }, 'POST /api/v1/namespaces/shop/configmaps');
    let attempts = 0;
    const client = hooked(async (request) => {
      if (!isRevisionWrite(request)) return;
      attempts++;
      throw conflict;
    });
    const failure = recordRevision(client, shop('ours'), { status: 'applied' });
    await expect(failure).rejects.toBeInstanceOf(RevisionError);
    await expect(failure).rejects.toThrow(`shop: revision 1 was taken by another apply ${RECORD_ATTEMPTS} times in a row; nothing was recorded`);
    expect(attempts).toBe(RECORD_ATTEMPTS);
  });
});
