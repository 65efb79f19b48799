import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytes, cpuMillis, type ManifestObject } from '../../constructs/index.js';
import { MEASURE_KEYS, type Measures } from '../../src/capacity/measures.js';
import { capacityOf, capacityReport, type CapacityReport, type NamespaceCapacity } from '../../src/capacity/report.js';
import { capacityTable } from '../../src/capacity/table.js';
import { parsePlatform } from '../../src/platform/load.js';
import { DEFAULT_PLATFORM_FILE, defaultPlatform, defaultSynth, find, objectsOf } from '../support/fleet.js';

const report = capacityReport(defaultPlatform());

function namespace(r: CapacityReport, name: string): NamespaceCapacity {
  const found = r.namespaces.find((n) => n.namespace === name);
  if (!found) throw new Error(`no namespace ${name} in ${r.namespaces.map((n) => n.namespace).join(', ')}`);
  return found;
}

function sum(parts: readonly Measures[], key: (typeof MEASURE_KEYS)[number]): number {
  return parts.reduce((total, part) => total + part[key].value, 0);
}

describe('capacityReport on the default platform', () => {
  it('lists every namespace the platform creates, in unit order, with its chart kind', () => {
    expect(report.namespaces.map((n) => `${n.kind}:${n.namespace}`)).toEqual([
      'system:mechanicbuddy-system', 'free-tier:mechanicbuddy-free-tier', 'helpmanager:helperiance-manager',
      'tenant:tenant-acme', 'tenant:tenant-bigshop', 'tenant:tenant-rapidfix', 'tenant:tenant-trial-motors',
      'brick:acme-suitecrm', 'brick:acme-seeddms', 'brick:globex-owncloud', 'customer:customer-abc123', 'customer:customer-initech',
    ]);
  });

  it('measures the free tier at its HPA maximum: exactly what its committed ResourceQuota says', () => {
    const quota = find(objectsOf(defaultSynth(), 'free-tier/mechanicbuddy-free-tier.k8s.yaml'), 'ResourceQuota', 'compute-and-storage') as ManifestObject & { spec: { hard: Record<string, string> } };
    const { measures, fits } = namespace(report, 'mechanicbuddy-free-tier');
    expect(measures.requestsCpu).toMatchObject({ unit: 'millicores', value: cpuMillis(quota.spec.hard['requests.cpu']), quota: cpuMillis(quota.spec.hard['requests.cpu']), percentOfQuota: 100, text: '16500m' });
    expect(measures.requestsMemory).toMatchObject({ unit: 'bytes', value: bytes(quota.spec.hard['requests.memory']), quota: bytes(quota.spec.hard['requests.memory']), text: '33Gi' });
    expect(measures.limitsCpu.value).toBe(cpuMillis(quota.spec.hard['limits.cpu']));
    expect(measures.limitsMemory.value).toBe(bytes(quota.spec.hard['limits.memory']));
    expect(measures.pods).toMatchObject({ value: Number(quota.spec.hard.pods), quota: Number(quota.spec.hard.pods) });
    expect(fits).toBe(true);
  });

  it('counts HPA maxReplicas, not minReplicas: raising the maximum raises the free tier requests', () => {
    const text = readFileSync(DEFAULT_PLATFORM_FILE, 'utf8').replace('api:\n    autoscaling: { minReplicas: 2, maxReplicas: 10 }', 'api:\n    autoscaling: { minReplicas: 2, maxReplicas: 20 }');
    expect(text).toContain('maxReplicas: 20');
    const raised = namespace(capacityReport(parsePlatform(text)), 'mechanicbuddy-free-tier').measures;
    const before = namespace(report, 'mechanicbuddy-free-tier').measures;
    // 10 more api pods at the maximum (plus any percentage surge on top).
    expect(raised.pods.value - before.pods.value).toBeGreaterThanOrEqual(10);
    expect(raised.requestsCpu.value).toBeGreaterThan(before.requestsCpu.value);
  });

  it('fits every namespace in its quota; fixed customer quotas leave headroom and set no storage', () => {
    expect(report.namespaces.filter((n) => !n.fits)).toEqual([]);
    const customer = namespace(report, 'customer-abc123').measures;
    expect(customer.requestsCpu).toMatchObject({ value: 1150, quota: 4000, quotaText: '4', percentOfQuota: 28.8 });
    expect(customer.storage).toMatchObject({ quota: null, quotaText: null, percentOfQuota: null, fits: true });
  });

  it('totals each tier over the dedicated tenant namespaces labelled with it', () => {
    expect(report.tiers.map((t) => [t.name, t.namespaces])).toEqual([
      ['demo', ['tenant-trial-motors']],
      ['professional', ['tenant-acme', 'tenant-rapidfix']],
      ['enterprise', ['tenant-bigshop']],
    ]);
    for (const tier of report.tiers) {
      const members = tier.namespaces.map((name) => namespace(report, name));
      expect(members.every((m) => m.tier === tier.name)).toBe(true);
      for (const key of MEASURE_KEYS) {
        expect(tier.measures[key].value, `${tier.name} ${key}`).toBe(sum(members.map((m) => m.measures), key));
        expect(tier.measures[key].quota, `${tier.name} ${key} quota`).toBe(members.reduce((total, m) => total + m.measures[key].quota!, 0));
      }
    }
    expect(report.tiers[1].measures.requestsCpu).toMatchObject({ value: 12200, quota: 12210 });
  });

  it('totals per chart kind add up to the fleet; the fleet has no storage quota because customers set none', () => {
    expect(report.kinds.map((k) => `${k.name}:${k.namespaces.length}`)).toEqual(['system:1', 'free-tier:1', 'helpmanager:1', 'tenant:4', 'brick:3', 'customer:2']);
    for (const key of MEASURE_KEYS) {
      expect(sum(report.kinds.map((k) => k.measures), key), key).toBe(report.fleet.measures[key].value);
      expect(report.fleet.measures[key].value, key).toBe(sum(report.namespaces.map((n) => n.measures), key));
    }
    expect(report.fleet.measures.storage.quota).toBeNull();
    expect(report.fleet.measures.requestsCpu.quota).toBe(sum(report.namespaces.map((n) => ({ ...n.measures, requestsCpu: { ...n.measures.requestsCpu, value: n.measures.requestsCpu.quota! } })), 'requestsCpu'));
  });

  it('counts the shared free tier tenants against maxTenants: 3 of 100', () => {
    expect(report.freeTier).toEqual({ enabled: true, tenants: 3, maxTenants: 100, percent: 3, fits: true, text: '3 of 100', tenantsByTier: { demo: 1, free: 2 } });
  });

  it('counts the certificates a first rollout requests per registered domain', () => {
    expect(report.certificates.map((c) => [c.domain, c.certificates, c.weeks, c.withinLimit])).toEqual([
      ['iotistic.cloud', 2, 1, true],
      // system, free tier wildcard, and one per dedicated tenant (certificate-per-tenant)
      ['mechanicbuddy.app', 6, 1, true],
      ['monacocloud.io', 3, 1, true],
      ['rapidfix.com', 1, 1, true],
    ]);
    expect(report.certificates.find((c) => c.domain === 'rapidfix.com')!.hosts).toEqual(['workshop.rapidfix.com']);
    expect(report.certificates[0].weeklyLimit).toBe(50);
  });

  it('renders a table with one row per namespace and the free tier line', () => {
    const table = capacityTable(report);
    expect(table).toMatch(/^NAMESPACE\s+KIND\s+TIER\s+CPU REQ\/QUOTA/);
    expect(table).toMatch(/^mechanicbuddy-free-tier\s+free-tier\s+-\s+16500m\/16500m 100%\s+33\/33 100%\s+33Gi\/33Gi 100%/m);
    expect(table).toMatch(/^customer-abc123 .* 1150m\/4000m 28\.8% .* 11Gi\s+yes$/m);
    expect(table).toContain('Free tier: 3 of 100 tenants (3%; 1 demo, 2 free)');
    expect(table).toMatch(/^mechanicbuddy\.app\s+6\s+1\s+7$/m);
    expect(table.split('\n').every((line) => line === line.trimEnd())).toBe(true);
  });
});

describe('capacityOf', () => {
  const namespaceObject = (name: string): ManifestObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const quota = (namespace: string, hard: Record<string, string>): ManifestObject => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute-and-storage', namespace }, spec: { hard } });
  const deployment = (namespace: string, replicas: number, cpu: string): ManifestObject => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace },
    spec: { replicas, strategy: { type: 'Recreate' }, template: { spec: { containers: [{ name: 'api', resources: { requests: { cpu, memory: '100Mi' } } }] } } },
  });
  const freeTier = { enabled: true, maxTenants: 2, sharedTenantTiers: ['free', 'free', 'demo'] };

  it('flags a quota that cannot hold what the namespace needs', () => {
    const result = capacityOf([{ kind: 'tenant', name: 'tenant-x', objects: [namespaceObject('tenant-x'), quota('tenant-x', { 'requests.cpu': '1' }), deployment('tenant-x', 3, '500m')] }], freeTier);
    expect(result.namespaces[0]).toMatchObject({ namespace: 'tenant-x', quota: 'compute-and-storage', fits: false });
    expect(result.namespaces[0].measures.requestsCpu).toMatchObject({ value: 1500, quota: 1000, percentOfQuota: 150, fits: false });
    expect(result.namespaces[0].measures.requestsMemory).toMatchObject({ value: 300 * 2 ** 20, quota: null, fits: true });
    expect(result.freeTier).toMatchObject({ tenants: 3, maxTenants: 2, fits: false, percent: 150, text: '3 of 2' });
  });

  it('reports a namespace without a quota, and the weeks a rollout over the Let\'s Encrypt limit takes', () => {
    const certificates = Array.from({ length: 120 }, (_, i): ManifestObject => ({
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: `t${i}-tls`, namespace: 'edge' }, spec: { dnsNames: [`t${i}.example.com`] },
    }));
    const result = capacityOf([{ kind: 'system', name: 'edge', objects: [namespaceObject('edge'), deployment('edge', 1, '250m'), ...certificates] }], freeTier);
    expect(result.namespaces[0]).toMatchObject({ quota: null, fits: true });
    expect(result.certificates).toEqual([expect.objectContaining({ domain: 'example.com', certificates: 120, weeks: 3, withinLimit: false })]);
    expect(result.tiers).toEqual([]);
  });
});
