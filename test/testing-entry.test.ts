import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { afterAll, describe, expect, it } from 'vitest';
import { TenantChart } from '../src/charts/tenant-chart.js';
import { definePlatform } from '../src/platform/load.js';
import { chartYaml, platformYaml, snapshotChart, yamlSnapshotSerializer } from '../src/testing/index.js';
import { synthPlatform } from '../src/synth/synth.js';

const platform = definePlatform({ tenants: [{ id: 'acme', name: 'ACME', tier: 'professional' }] });
const chart = (tier: 'professional' | 'enterprise' = 'professional') => {
  const p = definePlatform({ tenants: [{ id: 'acme', name: 'ACME', tier }] });
  return new TenantChart(new App(), 'tenant-acme', { platform: p, tenant: p.tenants[0] });
};

describe('saas-charts/testing', () => {
  it('renders a chart as the synth output renders it, without the header', () => {
    const file = synthPlatform(platform).files.find((f) => f.path === 'tenants/acme.k8s.yaml');
    expect(file?.content.endsWith(chartYaml(chart()))).toBe(true);
    expect(chartYaml(chart())).toBe(chartYaml(chart()));
  });

  it('renders a platform from its YAML text with a line naming each file', () => {
    const text = platformYaml('tenants:\n  - { id: acme, name: ACME, tier: professional }\n');
    expect(text.match(/^# file: .*$/gm)).toEqual([
      '# file: system/mechanicbuddy-system.k8s.yaml', '# file: free-tier/mechanicbuddy-free-tier.k8s.yaml', '# file: gitops/argocd.k8s.yaml', '# file: tenants/acme.k8s.yaml',
    ]);
  });

  it('prints snapshots as raw YAML through the vitest serializer', () => {
    expect.addSnapshotSerializer(yamlSnapshotSerializer);
    const printed = (expect as unknown as { getState(): unknown }) && yamlSnapshotSerializer.serialize(snapshotChart(chart()));
    expect(printed).toContain('\nkind: Deployment\n');
    expect(printed).not.toContain('\\n');
    expect(yamlSnapshotSerializer.test(snapshotChart(chart()))).toBe(true);
    expect(yamlSnapshotSerializer.test('kind: Deployment')).toBe(false);
  });

  describe('under Jest\'s snapshot engine (jest-snapshot)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'saas-charts-jest-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const jest = createRequire(import.meta.url)('jest-snapshot') as typeof import('jest-snapshot');
    jest.addSerializer(yamlSnapshotSerializer);
    const file = join(dir, '__snapshots__', 'tenant.test.ts.snap');
    const state = (update: 'all' | 'none') => new jest.SnapshotState(file, {
      updateSnapshot: update, rootDir: dir, snapshotFormat: { escapeString: false, printBasicPrototype: false }, prettierPath: null,
    } as ConstructorParameters<typeof jest.SnapshotState>[1]);

    it('writes a readable snapshot and matches it again', () => {
      const writer = state('all');
      expect(writer.match({ testName: 'tenant acme', received: snapshotChart(chart()), isInline: false }).pass).toBe(true);
      writer.save();
      const stored = readFileSync(file, 'utf8');
      expect(stored).toContain('\nkind: Deployment\n');
      expect(stored).toContain('  name: tenant-acme-postgresql\n');
      expect(state('none').match({ testName: 'tenant acme', received: snapshotChart(chart()), isInline: false }).pass).toBe(true);
    });

    it('fails when the chart changes', () => {
      const result = state('none').match({ testName: 'tenant acme', received: snapshotChart(chart('enterprise')), isInline: false });
      expect(result.pass).toBe(false);
    });
  });
});
