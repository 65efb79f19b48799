/**
 * Property-based tests over platform files: valid ones always synthesize and
 * pass `check`; invalid ones always fail with path-named problems and never
 * with an uncaught exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/errors.js';
import { parsePlatform } from '../../src/platform/load.js';
import { TIERS, type PlatformInput, type TenantInput } from '../../src/platform/schema.js';
import { synthPlatform } from '../../src/synth/synth.js';

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6}){0,2}$/).filter((id) => id.length <= 27 && !['api', 'www', 'admin', 'portal', 'mail'].includes(id));
const quantityPair = fc.record({ cpu: fc.integer({ min: 10, max: 4000 }), memory: fc.integer({ min: 32, max: 8192 }) });
const resources = fc.tuple(quantityPair, quantityPair).map(([a, b]) => ({
  requests: { cpu: `${Math.min(a.cpu, b.cpu)}m`, memory: `${Math.min(a.memory, b.memory)}Mi` },
  limits: { cpu: `${Math.max(a.cpu, b.cpu)}m`, memory: `${Math.max(a.memory, b.memory)}Mi` },
}));

function tenantArbitrary(id: string, index: number): fc.Arbitrary<TenantInput> {
  return fc.record({
    tier: fc.constantFrom(...TIERS),
    dedicated: fc.boolean(),
    customDomain: fc.boolean(),
    api: fc.option(fc.record({ replicas: fc.integer({ min: 1, max: 4 }), resources }), { nil: undefined }),
    imageTag: fc.option(fc.constantFrom('v1.0.1', 'v2.3.4', '2026.11.1'), { nil: undefined }),
    storage: fc.option(fc.integer({ min: 1, max: 500 }).map((n) => `${n}Gi`), { nil: undefined }),
  }).map(({ tier, dedicated, customDomain, api, imageTag, storage }) => {
    const paid = tier === 'professional' || tier === 'enterprise';
    const placement = paid || dedicated ? 'dedicated' : 'shared';
    return {
      id, name: `Tenant ${index}`, tier, placement,
      ...(placement === 'dedicated' ? {
        createdAt: '2026-11-01', imageTag, api,
        customDomains: customDomain ? [`shop.${id}.example.com`] : [],
        database: storage ? { storage } : undefined,
      } : {}),
    } as TenantInput;
  });
}

const validPlatform: fc.Arbitrary<PlatformInput> = fc.record({
  domain: fc.constantFrom('mechanicbuddy.app', 'example.org', 'garage.example.co.uk'),
  ids: fc.uniqueArray(label, { minLength: 0, maxLength: 6 }),
  subdomains: fc.constantFrom('certificate-per-tenant', 'wildcard'),
  monitoring: fc.boolean(),
  maxReplicas: fc.integer({ min: 2, max: 20 }),
}).chain(({ domain, ids, subdomains, monitoring, maxReplicas }) =>
  fc.tuple(...ids.map((id, i) => tenantArbitrary(id, i))).map((tenants) => ({
    global: { domain, tls: { tenantSubdomains: subdomains as 'wildcard' }, monitoring: { podMonitors: monitoring } },
    freeTier: { maxTenants: 100, api: { autoscaling: { minReplicas: 2, maxReplicas } } },
    tenants,
  })));

describe('random valid platform files', () => {
  it('always synthesize and pass check (200 cases)', () => {
    fc.assert(fc.property(validPlatform, (input) => {
      const platform = parsePlatform(stringify(input), 'random.yaml');
      const result = synthPlatform(platform, { check: true });
      expect(result.check?.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(result.files.length).toBeGreaterThanOrEqual(3);
    }), { numRuns: 200 });
  });
});

/** A way to break a valid platform, with the path the error must name. */
interface Mutation { apply: (p: PlatformInput & Record<string, unknown>) => void; path: RegExp }

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s)).map((bad): Mutation => ({
    apply: (p) => { p.tenants = [{ id: bad, name: 'x', tier: 'professional' }]; }, path: /^tenants\[0\]\.id$/,
  })),
  fc.string({ maxLength: 10 }).filter((s) => !(TIERS as readonly string[]).includes(s)).map((bad): Mutation => ({
    apply: (p) => { p.tenants = [{ id: 'acme', name: 'x', tier: bad as 'free' }]; }, path: /^tenants\[0\]\.tier$/,
  })),
  fc.constantFrom('50GB', '1.5.5Gi', 'ten', '-', 'Gi', '10 Gi', '').map((bad): Mutation => ({
    apply: (p) => { p.tenants = [{ id: 'acme', name: 'x', tier: 'professional', database: { storage: bad } }]; }, path: /^tenants\[0\]\.database\.storage$/,
  })),
  fc.stringMatching(/^[a-z]{3,10}$/).filter((k) => !['global', 'system', 'freeTier', 'tenants'].includes(k)).map((key): Mutation => ({
    apply: (p) => { p[key] = true; }, path: /^$/,
  })),
  fc.constantFrom('latest', 'no tag', '::').map((bad): Mutation => ({
    apply: (p) => { p.global = { images: { tag: bad } }; }, path: /^global\.images\.tag$/,
  })),
  fc.constantFrom('0 2 * * *', '* * *', '61 0 0 * * *', 'daily').map((bad): Mutation => ({
    apply: (p) => { p.tenants = [{ id: 'acme', name: 'x', tier: 'enterprise', backup: { schedule: bad } }]; }, path: /^tenants\[0\]\.backup\.schedule$/,
  })),
  fc.anything().filter((v) => typeof v !== 'string' && v !== undefined).map((bad): Mutation => ({
    apply: (p) => { p.global = { domain: bad as string }; }, path: /^global\.domain$/,
  })),
  fc.integer({ min: 1, max: 5 }).map((max): Mutation => ({
    apply: (p) => {
      p.freeTier = { maxTenants: max };
      p.tenants = Array.from({ length: max + 1 }, (_, i) => ({ id: `free${i}`, name: 'x', tier: 'free' as const }));
    },
    path: /^freeTier\.maxTenants$/,
  })),
);

describe('random invalid platform files', () => {
  it('always fail with a ConfigError naming the broken path (800 cases)', () => {
    fc.assert(fc.property(validPlatform, mutations, (input, mutation) => {
      const broken = structuredClone(input) as PlatformInput & Record<string, unknown>;
      mutation.apply(broken);
      let error: unknown;
      try {
        parsePlatform(stringify(broken), 'random.yaml');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const issues = (error as ConfigError).issues;
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.some((issue) => mutation.path.test(issue.path)), JSON.stringify(issues)).toBe(true);
      for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
    }), { numRuns: 800 });
  });

  it('never throw anything but a ConfigError on arbitrary text (500 cases)', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.jsonValue().map((v) => stringify(v))), (text) => {
      try {
        parsePlatform(text, 'random.yaml');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).message).toMatch(/^random\.yaml: \d+ problems?\n/);
      }
    }), { numRuns: 500 });
  });
});
