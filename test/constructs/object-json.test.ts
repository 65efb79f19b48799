/**
 * The fast JSON path (constructs/object-json.ts) against cdk8s's own toJson:
 * every object of every chart variant must come out byte for byte the same,
 * and must come out of the fast path (a fallback everywhere would pass the
 * first check and gain nothing).
 */
import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { fastObjectJson, k8s, objectJson } from '../../constructs/index.js';
import { definePlatform } from '../../src/platform/load.js';
import { newApp, platformUnits, type UnitKind } from '../../src/synth/units.js';
import { defaultPlatform } from '../support/fleet.js';

/**
 * The default platform plus every tier, placement, brick app and customer
 * state, two free-tier shards, two clusters and the demo-expiry CronJob.
 */
function everyVariant() {
  const base = defaultPlatform();
  return definePlatform({
    ...base,
    system: { ...base.system, demoExpiryJob: { enabled: true } },
    freeTier: { ...base.freeTier, maxTenants: 2, shards: 2 },
    clusters: [{ name: 'eu-1' }, { name: 'eu-2' }],
    tenants: [
      ...base.tenants,
      { id: 'ent-domains', name: 'Enterprise', tier: 'enterprise', ownerEmail: 'a@ent.example.com', customDomains: ['shop.ent.example.com', 'www.ent.example.com'], cluster: 'eu-2' },
      { id: 'pro-plain', name: 'Pro', tier: 'professional', ownerEmail: 'a@pro.example.com' },
    ],
    bricks: {
      gitops: { argocd: true },
      instances: [
        { customer: 'acme', app: 'suitecrm' },
        { customer: 'acme', app: 'seeddms', cluster: 'eu-2' },
        { customer: 'bolt', app: 'owncloud', state: 'paused' },
      ],
    },
    customers: { instances: [{ id: 'plant-a', email: 'ops@plant-a.example.com', companyName: 'Plant A' }, { id: 'plant-b', email: 'ops@plant-b.example.com', companyName: 'Plant B', state: 'paused', cluster: 'eu-2' }] },
  });
}

function objectsOf(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
}

describe('objectJson', () => {
  const units = platformUnits(everyVariant());

  it('covers every kind of chart instance', () => {
    const kinds: ReadonlySet<UnitKind> = new Set<UnitKind>(['system', 'free-tier', 'gitops', 'flux', 'helpmanager', 'tenant', 'brick', 'customer', 'cluster']);
    expect(new Set(units.map((unit) => unit.kind))).toEqual(kinds);
    expect(units.filter((unit) => unit.kind === 'free-tier')).toHaveLength(2);
  });

  it.each(units.map((unit) => [unit.name, unit] as const))('renders %s exactly as cdk8s does, on the fast path', (_name, unit) => {
    const objects = objectsOf(unit.build(newApp()));
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      const fast = fastObjectJson(object);
      expect(fast, `${object.kind} ${object.name} left the fast path`).toBeDefined();
      expect(JSON.stringify(fast)).toBe(JSON.stringify(object.toJson()));
    }
  });

  it('applies metadata patches, and leaves other patches to cdk8s with the same result', () => {
    const chart = new Chart(new App(), 'patched', { namespace: 'team' });
    const namespace = new k8s.KubeNamespace(chart, 'ns', { metadata: { name: 'team' } });
    namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    const deployment = new k8s.KubeDeployment(chart, 'web', {
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    });
    deployment.addJsonPatch(JsonPatch.add('/spec/replicas', 3));
    expect(fastObjectJson(namespace)?.metadata).toEqual({ name: 'team' });
    expect(fastObjectJson(deployment)).toBeUndefined();
    expect(objectJson(deployment)).toEqual(deployment.toJson());
    expect((objectJson(deployment).spec as { replicas: number }).replicas).toBe(3);
  });

  it('renames to JSON field names, unwraps unions and produces Lazy values like the L1 converters', () => {
    const chart = new Chart(new App(), 'converted', { namespace: 'team' });
    const service = new k8s.KubeService(chart, 'svc', {
      metadata: { name: 'svc', labels: { b: '2', a: '1' } },
      spec: { clusterIp: 'None', ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }], selector: Lazy.any({ produce: () => ({ app: 'web' }) }) as unknown as Record<string, string> },
    });
    const json = objectJson(service) as unknown as { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> };
    expect(JSON.stringify(json)).toBe(JSON.stringify(service.toJson()));
    expect(json.spec).toMatchObject({ clusterIP: 'None', ports: [{ port: 80, targetPort: 'http' }], selector: { app: 'web' } });
    expect(Object.keys(json.metadata.labels)).toEqual(['a', 'b']);
  });

  it('leaves CDK8S_DISABLE_SORT to cdk8s, which alone knows that order', () => {
    const chart = new Chart(new App(), 'unsorted', { namespace: 'team' });
    const map = new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'cm', labels: { b: '2', a: '1' } }, data: { z: '1', y: '2' } });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(fastObjectJson(map)).toBeUndefined();
      expect(JSON.stringify(objectJson(map))).toBe(JSON.stringify(map.toJson()));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
    expect(fastObjectJson(map)).toBeDefined();
  });

  it('hands a value that is not plain data to cdk8s, which reports it', () => {
    const chart = new Chart(new App(), 'odd', { namespace: 'team' });
    const map = new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'cm' }, data: { when: new Date(0) as unknown as string } });
    expect(fastObjectJson(map)).toBeUndefined();
    expect(() => objectJson(map)).toThrow(/can't render non-simple object of type 'Date'/);
  });
});
