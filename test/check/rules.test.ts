/**
 * Every platform rule has a fixture that fails it and one that passes it. The
 * passing fixtures are our own charts' output; each failing one changes one thing.
 */
import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import type { ManifestObject } from '../../constructs/index.js';
import { checkFleet, checkUnit } from '../../src/check/check.js';
import { LETS_ENCRYPT_WEEKLY_LIMIT } from '../../src/check/rules/edge.js';
import { FreeTierChart } from '../../src/charts/free-tier-chart.js';
import { SystemChart } from '../../src/charts/system-chart.js';
import { TenantChart } from '../../src/charts/tenant-chart.js';
import { definePlatform } from '../../src/platform/load.js';
import { synthPlatform } from '../../src/synth/synth.js';

const platform = definePlatform({ tenants: [{ id: 'acme', name: 'ACME', tier: 'professional', customDomains: ['shop.acme.com'] }] });
const tenant = () => structuredClone(new TenantChart(new App(), 'tenant-acme', { platform, tenant: platform.tenants[0] }).toJson()) as ManifestObject[];
const system = () => structuredClone(new SystemChart(new App(), 'mechanicbuddy-system', { platform }).toJson()) as ManifestObject[];
const freeTier = () => structuredClone(new FreeTierChart(new App(), 'mechanicbuddy-free-tier', { platform }).toJson()) as ManifestObject[];

/* eslint-disable @typescript-eslint/no-explicit-any */
const get = (objects: ManifestObject[], kind: string, name?: string): any => {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''}`);
  return found;
};
const container = (objects: ManifestObject[], name: string): any => get(objects, 'Deployment', name).spec.template.spec.containers[0];
const rulesHit = (objects: ManifestObject[]) => [...new Set(checkUnit(objects, 'test.k8s.yaml').findings.map((f) => f.rule))];
const findingsOf = (objects: ManifestObject[], rule: string) => checkUnit(objects, 'test.k8s.yaml').findings.filter((f) => f.rule === rule);

describe('our charts pass every rule', () => {
  it.each([['tenant', tenant], ['system', system], ['free tier', freeTier]])('%s', (_name, render) => {
    expect(checkUnit(render(), 'x.k8s.yaml').findings).toEqual([]);
  });
});

describe('each rule fails on the fixture that breaks it', () => {
  it('resources/requests-and-limits', () => {
    const objects = tenant();
    delete container(objects, 'api').resources.limits;
    expect(rulesHit(objects)).toEqual(['resources/requests-and-limits']);
    expect(findingsOf(objects, 'resources/requests-and-limits')[0]).toMatchObject({
      object: { kind: 'Deployment', name: 'api', namespace: 'tenant-acme' }, path: 'spec.template.spec.containers[0].resources', message: 'container "api" has no limits.cpu, limits.memory',
    });
  });

  it('probes/readiness-and-liveness', () => {
    const objects = tenant();
    delete container(objects, 'web').readinessProbe;
    expect(rulesHit(objects)).toEqual(['probes/readiness-and-liveness']);
  });

  it('images/pinned', () => {
    const objects = tenant();
    container(objects, 'api').image = 'ghcr.io/your-org/mechanicbuddy-api:latest';
    expect(rulesHit(objects)).toEqual(['images/pinned']);
    expect(findingsOf(objects, 'images/pinned')[0].message).toContain('uses the floating tag "latest"');
  });

  it('secrets/no-values: Secret data and literal values under secret-looking env names', () => {
    const objects = tenant();
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: 'tenant-acme' }, stringData: { password: 'hunter2' } });
    container(objects, 'api').env.push({ name: 'STRIPE_API_KEY', value: 'sk_live_123' });
    container(objects, 'api').env.push({ name: 'DB_PASSWORD_COPY', value: '$(DB_PASSWORD)' });
    const findings = findingsOf(objects, 'secrets/no-values');
    expect(findings.map((f) => f.message)).toEqual([
      'Secret carries values in stringData (password)',
      'env STRIPE_API_KEY of container "api" has a literal value',
    ]);
    expect(JSON.stringify(findings)).not.toContain('hunter2');
    expect(JSON.stringify(findings)).not.toContain('sk_live_123');
  });

  it('autoscaling/no-fixed-replicas', () => {
    const objects = freeTier();
    get(objects, 'Deployment', 'free-tier-api').spec.replicas = 2;
    expect(rulesHit(objects)).toEqual(['autoscaling/no-fixed-replicas']);
  });

  it('quota/fits-workloads', () => {
    const objects = tenant();
    get(objects, 'ResourceQuota').spec.hard['requests.cpu'] = '4';
    expect(rulesHit(objects)).toEqual(['quota/fits-workloads']);
    expect(findingsOf(objects, 'quota/fits-workloads')[0].message).toBe('requests.cpu is 4 but the namespace needs 6100m at its maximum');
  });

  it('availability/pod-disruption-budget', () => {
    const objects = tenant().filter((o) => !(o.kind === 'PodDisruptionBudget' && o.metadata.name === 'api'));
    expect(rulesHit(objects)).toEqual(['availability/pod-disruption-budget']);
    expect(findingsOf(objects, 'availability/pod-disruption-budget')[0].message).toBe('Deployment api runs 2 replicas without a PodDisruptionBudget');
  });

  it('network/default-deny', () => {
    const objects = tenant().filter((o) => o.metadata.name !== 'default-deny');
    expect(rulesHit(objects)).toEqual(['network/default-deny']);
  });

  it('rbac/no-wildcards', () => {
    const objects = system();
    get(objects, 'ClusterRole').rules[0].verbs = ['*'];
    expect(rulesHit(objects)).toEqual(['rbac/no-wildcards']);
  });

  it('security/service-account-token: only pods whose ServiceAccount is bound may mount a token', () => {
    const objects = tenant();
    get(objects, 'Deployment', 'api').spec.template.spec.automountServiceAccountToken = true;
    expect(rulesHit(objects)).toEqual(['security/service-account-token']);
    expect(findingsOf(system(), 'security/service-account-token')).toEqual([]);
  });

  it('ingress/tls', () => {
    const objects = tenant();
    get(objects, 'Ingress').spec.tls[0].hosts = ['acme.mechanicbuddy.app'];
    expect(rulesHit(objects)).toEqual(['ingress/tls']);
    expect(findingsOf(objects, 'ingress/tls')[0].message).toBe('host "shop.acme.com" has no TLS');
  });

  it('certificates/rate-limit: more than 50 new certificates for one registered domain is a warning', () => {
    const many = (count: number) => [{ certificates: Array.from({ length: count }, (_, i) => [`t${i}.mechanicbuddy.app`]) }];
    expect(checkFleet(many(LETS_ENCRYPT_WEEKLY_LIMIT))).toEqual([]);
    const findings = checkFleet(many(LETS_ENCRYPT_WEEKLY_LIMIT + 1));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'certificates/rate-limit', severity: 'warning' });
    expect(findings[0].message).toBe('51 certificates for mechanicbuddy.app; Let\'s Encrypt issues 50 per registered domain per week, so a first rollout takes 2 weeks');
  });

  it('certificates/rate-limit across a real plan, and not when subdomains use the wildcard', () => {
    const tenants = Array.from({ length: 49 }, (_, i) => ({ id: `t${i}`, name: 'T', tier: 'professional' as const }));
    const perTenant = synthPlatform(definePlatform({ tenants }), { check: true }).check!;
    expect(perTenant.findings.map((f) => f.rule)).toEqual(['certificates/rate-limit']);
    const wildcard = synthPlatform(definePlatform({ global: { tls: { tenantSubdomains: 'wildcard' } }, tenants }), { check: true }).check!;
    expect(wildcard.findings).toEqual([]);
  });

  it('free-tier/max-tenants', () => {
    const objects = freeTier();
    get(objects, 'Namespace').metadata.labels['mechanicbuddy.app/tenants'] = '101';
    const { summary } = checkUnit(objects, 'free-tier.k8s.yaml');
    expect(checkFleet([summary]).map((f) => f.message)).toEqual(['101 tenants on a free tier with maxTenants 100']);
    expect(checkFleet([checkUnit(freeTier(), 'f').summary])).toEqual([]);
  });

  it('schema: a misspelled field fails, naming the object and the field', () => {
    const objects = tenant();
    get(objects, 'Deployment', 'api').spec.replica = 2;
    get(objects, 'Cluster').spec.instance = 2;
    const findings = findingsOf(objects, 'schema');
    expect(findings.map((f) => `${f.object.kind} ${f.object.name} ${f.path}`)).toEqual(['Cluster tenant-acme-postgresql spec.instance', 'Deployment api spec.replica']);
    expect(findings.find((f) => f.object.kind === 'Deployment')?.message).toContain('"replica"');
  });

  it('pod-security: a privileged container fails restricted', () => {
    const objects = tenant();
    container(objects, 'web').securityContext.privileged = true;
    expect(rulesHit(objects)).toEqual(['pod-security']);
    expect(findingsOf(objects, 'pod-security')[0].path).toBe('spec.template.spec.containers[0].securityContext.privileged');
  });
});
