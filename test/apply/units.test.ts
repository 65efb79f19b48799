import { describe, expect, it } from 'vitest';
import { applySetFor, applySetId, contentsOf, groupKind } from '../../src/apply/applyset.js';
import { diffObjects, sameContent } from '../../src/apply/normalize.js';
import { HttpTransport, DEFAULT_RETRY } from '../../src/apply/transport.js';

describe('ApplySet', () => {
  it('computes the id as kubectl does (its own test fixture)', () => {
    expect(applySetId('my-set', 'test', 'Secret', '')).toBe('applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1');
  });

  it('records group kinds as Kind.group, core without a group, and namespaces other than the parent\'s', () => {
    expect(groupKind({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe('Deployment.apps');
    expect(groupKind({ apiVersion: 'v1', kind: 'Namespace' })).toBe('Namespace');
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'home' } },
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'b', namespace: 'ingress-nginx' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'c' } },
    ];
    expect(contentsOf(objects, 'home')).toEqual({ groupKinds: ['Certificate.cert-manager.io', 'ClusterRole.rbac.authorization.k8s.io', 'ConfigMap'], namespaces: ['ingress-nginx'] });
    expect(applySetFor('tenant-acme', 'tenant-acme')).toEqual({ name: 'applyset-tenant-acme', namespace: 'tenant-acme', id: applySetId('applyset-tenant-acme', 'tenant-acme') });
  });
});

describe('diff', () => {
  it('lists changed fields and masks Secret values', () => {
    const live = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', resourceVersion: '7', managedFields: [] }, data: { password: 'b2xk' }, type: 'Opaque' };
    const wanted = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', resourceVersion: '8' }, data: { password: 'bmV3' }, type: 'Opaque' };
    expect(diffObjects(live, wanted, true)).toEqual(['data.password: (secret value) -> (secret value)']);
    expect(diffObjects({ spec: { replicas: 2 } }, { spec: { replicas: 3 } }, false)).toEqual(['spec.replicas: 2 -> 3']);
  });

  it('ignores what the server owns when comparing', () => {
    expect(sameContent({ metadata: { name: 'a', resourceVersion: '1', generation: 2, managedFields: [{}] }, status: { ready: true }, spec: { x: 1 } }, { metadata: { name: 'a' }, spec: { x: 1 } })).toBe(true);
    expect(sameContent({ spec: { x: 1 } }, { spec: { x: 2 } })).toBe(false);
  });
});

describe('retries', () => {
  it('backs off exponentially with jitter, and honours Retry-After', async () => {
    const waits: number[] = [];
    const transport = new HttpTransport(new URL('http://127.0.0.1:9'), {}, { ...DEFAULT_RETRY, attempts: 4, timeoutMs: 500 }, async (ms) => { waits.push(ms); }, () => 1);
    await expect(transport.request({ method: 'GET', path: '/api' })).rejects.toThrow(/after 4 attempts/);
    expect(waits).toEqual([200, 400, 800]);
    expect(transport.stats).toMatchObject({ requests: 4, retries: 3, writes: 0 });
  });
});
