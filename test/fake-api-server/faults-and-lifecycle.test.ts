import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';
import { apply, call, deployment, deploymentPath } from './helpers.js';

let server: FakeApiServer;
beforeAll(async () => {
  server = await startFakeApiServer({ crds: 'none', namespaces: ['shop'], maxTimeoutMs: 2_000 });
});
afterAll(() => server.stop());

/** The error fetch rejects with, and the code of its cause (ECONNRESET, UND_ERR_SOCKET, ...). */
async function failure(request: Promise<unknown>): Promise<{ name: string; cause: string }> {
  try {
    await request;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { name: (error as Error).name, cause: cause?.code ?? '' };
  }
  throw new Error('the request succeeded');
}

describe('faults', () => {
  it('delays matching requests by the injected latency', async () => {
    const handle = server.faults.add({ fault: { type: 'latency', ms: 120 }, match: { method: 'GET', path: '/api/v1/namespaces' } });
    const started = Date.now();
    expect((await call(server, 'GET', '/api/v1/namespaces')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    const other = Date.now();
    await call(server, 'GET', '/api/v1/namespaces/shop');
    expect(Date.now() - other).toBeLessThan(100);
    expect(handle.hits).toBe(1);
    handle.remove();
  });

  it('answers 429 with Retry-After for the next request only', async () => {
    const handle = server.faults.next(1, { type: 'status', code: 429, retryAfterSeconds: 2 });
    const throttled = await call(server, 'GET', '/api/v1/namespaces/shop');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(throttled.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Too many requests, please try again later.', reason: 'TooManyRequests', details: { retryAfterSeconds: 2 }, code: 429 });
    expect((await call(server, 'GET', '/api/v1/namespaces/shop')).status).toBe(200);
    expect(handle.hits).toBe(1);
  });

  it('answers 500 and 503 Status bodies for matching writes, then serves them again', async () => {
    server.faults.next(2, { type: 'status', code: 500 }, { method: 'PATCH' });
    server.faults.next(1, { type: 'status', code: 503, retryAfterSeconds: 1 }, { method: 'PATCH' });
    expect((await call(server, 'GET', '/api/v1/namespaces/shop')).status).toBe(200);
    const first = await apply(server, deploymentPath('shop', 'web'), deployment('web', 'shop'));
    expect(first.status).toBe(500);
    expect(first.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Internal error occurred: injected fault', reason: 'InternalError', details: { causes: [{ message: 'injected fault' }] }, code: 500 });
    expect((await apply(server, deploymentPath('shop', 'web'), deployment('web', 'shop'))).status).toBe(500);
    const unavailable = await apply(server, deploymentPath('shop', 'web'), deployment('web', 'shop'));
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toMatchObject({ reason: 'ServiceUnavailable', code: 503 });
    expect(unavailable.headers.get('retry-after')).toBe('1');
    expect((await apply(server, deploymentPath('shop', 'web'), deployment('web', 'shop'))).status).toBe(201);
  });

  it('resets the connection of matching requests', async () => {
    server.faults.next(1, { type: 'reset' }, { when: (request) => request.query.dryRun === 'All' });
    const reset = await failure(apply(server, deploymentPath('shop', 'reset'), deployment('reset', 'shop'), 'fieldManager=saas-charts&dryRun=All'));
    expect(reset.name).toBe('TypeError');
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(reset.cause);
    expect(server.requests.all().at(-1)).toMatchObject({ method: 'PATCH', status: 'reset' });
    expect((await apply(server, deploymentPath('shop', 'reset'), deployment('reset', 'shop'), 'fieldManager=saas-charts&dryRun=All')).status).toBe(201);
  });

  it('never answers a timed-out request: the client gives up, and the server closes it after maxMs anyway', async () => {
    server.faults.next(1, { type: 'timeout' });
    const timedOut = await failure(fetch(`${server.url}/api/v1/namespaces/shop`, { signal: AbortSignal.timeout(100) }));
    expect(timedOut.name).toBe('TimeoutError');
    expect(server.requests.all().at(-1)).toMatchObject({ path: '/api/v1/namespaces/shop', status: 'timeout' });

    server.faults.next(1, { type: 'timeout', maxMs: 50 });
    const started = Date.now();
    const closed = await failure(fetch(`${server.url}/api/v1/namespaces/shop`));
    expect(closed.name).toBe('TypeError');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await call(server, 'GET', '/api/v1/namespaces/shop')).status).toBe(200);
  });
});

describe('request log', () => {
  it('records the wire format of every write', async () => {
    server.requests.clear();
    const object = deployment('logged', 'shop');
    await fetch(`${server.url}${deploymentPath('shop', 'logged')}?fieldManager=saas-charts&force=false&fieldValidation=Strict`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/apply-patch+yaml', Accept: 'application/json', Authorization: 'Bearer fake-token', 'User-Agent': 'saas-charts/0.1.0' },
      body: JSON.stringify(object),
    });
    await call(server, 'GET', deploymentPath('shop', 'logged'));
    await call(server, 'DELETE', `${deploymentPath('shop', 'logged')}?propagationPolicy=Foreground`);
    expect(server.requests.all().map((entry) => [entry.method, entry.status])).toEqual([
      ['PATCH', 201],
      ['GET', 200],
      ['DELETE', 200],
    ]);
    const [write] = server.requests.writes();
    expect(write).toMatchObject({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/shop/deployments/logged',
      query: { fieldManager: 'saas-charts', force: 'false', fieldValidation: 'Strict' },
      contentType: 'application/apply-patch+yaml',
      headers: { accept: 'application/json', authorization: 'Bearer fake-token', userAgent: 'saas-charts/0.1.0', contentType: 'application/apply-patch+yaml' },
      body: object,
      rawBody: JSON.stringify(object),
    });
    expect(server.requests.writes().map((entry) => entry.method)).toEqual(['PATCH', 'DELETE']);
    expect(server.requests.writes()[1].query).toEqual({ propagationPolicy: 'Foreground' });
  });
});

describe('lifecycle', () => {
  it('stops cleanly: port closed, held requests and pending work dropped, no handles left behind', async () => {
    const countOf = (kind: string): number => process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
    const before = { servers: countOf('TCPServerWrap'), timers: countOf('Timeout') };
    const local = await startFakeApiServer({ crds: 'none', namespaces: ['shop'], namespaceTerminationMs: 60_000, garbageCollectionMs: 60_000, autoAdvance: [{ kind: 'Deployment', afterMs: 60_000 }] });
    await apply(local, deploymentPath('shop', 'web'), deployment('web', 'shop'));
    await call(local, 'DELETE', '/api/v1/namespaces/shop');
    expect(local.pendingWork().length).toBeGreaterThanOrEqual(2);
    local.faults.add({ fault: { type: 'timeout', maxMs: 60_000 }, match: { path: '/api/v1/namespaces/held' } });
    const held = failure(fetch(`${local.url}/api/v1/namespaces/held`));
    await new Promise((resolve) => setTimeout(resolve, 20));

    await local.stop();
    expect((await held).name).toBe('TypeError');
    expect(local.pendingWork()).toEqual([]);
    expect((await failure(fetch(`${local.url}/api`))).cause).toBe('ECONNREFUSED');
    // Client-side keep-alive timers close with their sockets; give them a moment.
    const settled = Date.now() + 1_000;
    while ((countOf('TCPServerWrap') > before.servers || countOf('Timeout') > before.timers) && Date.now() < settled) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(countOf('TCPServerWrap')).toBe(before.servers);
    expect(countOf('Timeout')).toBeLessThanOrEqual(before.timers);
  });

  it('starts quickly with every vendored CRD installed', async () => {
    const started = Date.now();
    const local = await startFakeApiServer();
    await local.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
