import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parsePlatform } from '../../src/platform/load.js';
import { platformProblems as problems } from '../support/platform-problems.js';

const tenant = (fields: string) => `tenants:\n  - { id: acme, name: ACME, tier: professional, ${fields} }\n`;

describe('platform file: bad input is named by path and value', () => {
  it('rejects a tenant id that is not a DNS label', () => {
    expect(problems('tenants:\n  - { id: Acme_1, name: A, tier: professional }\n')).toEqual([
      'tenants[0].id: "Acme_1" is not a DNS label (at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit)',
    ]);
  });

  it('rejects a tenant id too long for tenant-{id} and the names CNPG derives from it', () => {
    const id = 'a'.repeat(28);
    expect(problems(`tenants:\n  - { id: ${id}, name: A, tier: professional }\n`)).toEqual([
      `tenants[0].id: "${id}" is 28 characters; at most 27 so that tenant-${id} and the names derived from it (its database cluster's Services, Pods and Jobs) stay within 63 characters`,
    ]);
  });

  it('rejects duplicate tenant ids, pointing at the first use', () => {
    expect(problems('tenants:\n  - { id: acme, name: A, tier: professional }\n  - { id: acme, name: B, tier: enterprise }\n'))
      .toEqual(['tenants[1].id: "acme" is already used by tenants[0]; tenant ids must be unique']);
  });

  it('rejects an unknown tier, listing the known ones', () => {
    expect(problems('tenants:\n  - { id: acme, name: A, tier: gold }\n')).toEqual(['tenants[0].tier: "gold" is not one of demo, free, professional, enterprise']);
  });

  it('rejects a malformed quantity and suggests the Kubernetes unit', () => {
    expect(problems(tenant('database: { storage: 50GB }'))).toEqual(['tenants[0].database.storage: "50GB" is not a Kubernetes quantity (did you mean "50Gi"?)']);
  });

  it('rejects a limit below its request', () => {
    expect(problems(tenant('api: { resources: { requests: { cpu: 2, memory: 1Gi }, limits: { cpu: 1, memory: 1Gi } } }')))
      .toEqual(['tenants[0].api.resources.limits.cpu: limit "1" is below the request "2"']);
  });

  it('rejects a bad domain', () => {
    expect(problems('global:\n  domain: "not a domain"\n')).toEqual(['global.domain: "not a domain" is not a domain name (lowercase labels separated by dots, such as "shop.example.com")']);
    expect(problems(tenant('customDomains: [localhost]'))).toEqual(['tenants[0].customDomains[0]: "localhost" is not a domain name (lowercase labels separated by dots, such as "shop.example.com")']);
  });

  it('rejects a backup schedule with the wrong number of fields or a bad field', () => {
    expect(problems(tenant('backup: { schedule: "0 2 * * *" }'))).toEqual(['tenants[0].backup.schedule: "0 2 * * *" has 5 fields; expected a six-field schedule with seconds first, such as "0 0 2 * * *"']);
    expect(problems(tenant('backup: { schedule: "0 0 25 * * *" }'))).toEqual(['tenants[0].backup.schedule: "0 0 25 * * *": the hour field "25" is not valid']);
  });

  it('rejects floating and untagged images', () => {
    expect(problems('global:\n  images: { api: "ghcr.io/x/api:latest", web: "ghcr.io/x/web" }\n')).toEqual([
      'global.images.api: image "ghcr.io/x/api:latest" uses the floating tag "latest"; pin a version such as "ghcr.io/x/api:1.2.3"',
      'global.images.web: image "ghcr.io/x/web" has no tag; pin a version such as "ghcr.io/x/web:1.2.3"',
    ]);
    expect(problems('global:\n  images: { tag: latest }\n')).toEqual(['global.images.tag: the floating tag "latest" is not allowed; pin a version such as "v1.2.3"']);
  });

  it('rejects more shared tenants than maxTenants', () => {
    expect(problems('freeTier: { maxTenants: 1 }\ntenants:\n  - { id: a, name: A, tier: free }\n  - { id: b, name: B, tier: demo }\n'))
      .toEqual(['freeTier.maxTenants: 2 tenants are placed on the shared free tier but maxTenants is 1; add a shard: freeTier.shards: 2, raise maxTenants or move 1 tenant to a dedicated placement']);
  });

  it('rejects a custom domain claimed by two tenants, or inside the platform domain', () => {
    expect(problems('tenants:\n  - { id: a, name: A, tier: professional, customDomains: [shop.a.com] }\n  - { id: b, name: B, tier: professional, customDomains: [shop.a.com] }\n'))
      .toEqual(['tenants[1].customDomains[0]: "shop.a.com" is already claimed by tenant "a" (tenants[0])']);
    expect(problems(tenant('customDomains: [b.mechanicbuddy.app]'))[0]).toMatch(/^tenants\[0\]\.customDomains\[0\]: "b.mechanicbuddy.app" is inside the platform domain/);
  });

  it('rejects unknown keys and suggests the intended one', () => {
    expect(problems('tenants:\n  - { id: acme, name: A, tier: professional, api: { replica: 2 } }\n'))
      .toEqual(['tenants[0].api: unknown key "replica" (did you mean "replicas"?)']);
    expect(problems('tennants: []\n')).toEqual([': unknown key "tennants" (did you mean "tenants"?)']);
  });

  it('rejects an empty file and a file that is not YAML', () => {
    expect(problems('')).toEqual([': the file is empty; it must be a mapping with any of global, system, freeTier, tenants']);
    expect(problems('tenants: [\n')[0]).toMatch(/^: not valid YAML: /);
    expect(problems('tenants: *missing\n')[0]).toMatch(/^: not valid YAML: Unresolved alias/);
    expect(problems('- a\n- b\n')).toEqual([': expected a mapping with any of global, system, freeTier, tenants, got a list']);
  });

  it('rejects paid tenants on the shared tier and shared tenants with dedicated settings', () => {
    expect(problems(tenant('placement: shared'))).toEqual(['tenants[0].placement: tier "professional" runs dedicated; "shared" is only for free and demo tenants']);
    expect(problems('tenants:\n  - { id: a, name: A, tier: free, customDomains: [a.example.com] }\n'))
      .toEqual(['tenants[0].customDomains: custom domains need a dedicated deployment; set placement: dedicated or a paid tier']);
    expect(problems('tenants:\n  - { id: a, name: A, tier: demo, placement: dedicated }\n'))
      .toEqual(['tenants[0].createdAt: dedicated demo tenant "a" needs createdAt (YYYY-MM-DD) so its 7-day trial can expire']);
  });

  it('rejects reserved tenant ids that collide with platform hosts', () => {
    expect(problems('tenants:\n  - { id: api, name: A, tier: free }\n')[0]).toMatch(/^tenants\[0\]\.id: "api" is reserved: api\.mechanicbuddy\.app belongs to the platform/);
  });

  it('reports every problem at once, each located by line and column', () => {
    try {
      parsePlatform('global:\n  domain: Bad\ntenants:\n  - id: x_y\n    name: X\n    tier: gold\n', 'fleet.yaml');
      throw new Error('not rejected');
    } catch (error) {
      const issues = (error as ConfigError).issues;
      expect(issues.map((i) => `${i.location} ${i.path}`)).toEqual(['fleet.yaml:2:11 global.domain', 'fleet.yaml:4:9 tenants[0].id', 'fleet.yaml:6:11 tenants[0].tier']);
      expect((error as ConfigError).message.split('\n')[0]).toBe('fleet.yaml: 3 problems');
    }
  });
});

describe('platform file: defaults', () => {
  it('accepts an empty mapping and fills every default', () => {
    const platform = parsePlatform('{}\n');
    expect(platform.global.domain).toBe('mechanicbuddy.app');
    expect(platform.freeTier.maxTenants).toBe(100);
    expect(platform.freeTier.api.autoscaling).toEqual({ minReplicas: 2, maxReplicas: 10, cpuUtilization: 70, memoryUtilization: 80 });
    expect(platform.global.images.tag).toBe('v1.0.0');
    expect(platform.tenants).toEqual([]);
  });

  it('accepts YAML numbers as quantities', () => {
    const platform = parsePlatform(tenant('api: { resources: { requests: { cpu: 1, memory: 1Gi }, limits: { cpu: 2, memory: 2Gi } } }'));
    expect(platform.tenants[0].api?.resources?.requests.cpu).toBe('1');
  });
});
