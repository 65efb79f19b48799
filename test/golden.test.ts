/**
 * Readable golden files, one per chart and per tier, written with the
 * `saas-charts/testing` helpers. Review their diffs: a renamed object or a
 * changed selector replaces live objects. `npx vitest run -u` rewrites them.
 */
import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { FreeTierChart } from '../src/charts/free-tier-chart.js';
import { GitOpsChart } from '../src/charts/gitops-chart.js';
import { SystemChart } from '../src/charts/system-chart.js';
import { TenantChart } from '../src/charts/tenant-chart.js';
import { definePlatform } from '../src/platform/load.js';
import { chartYaml } from '../src/testing/index.js';
import { defaultPlatform } from './support/fleet.js';

const platform = defaultPlatform();
const tenant = (id: string) => {
  const config = platform.tenants.find((t) => t.id === id);
  if (!config) throw new Error(`no tenant ${id}`);
  return new TenantChart(new App(), `tenant-${id}`, { platform, tenant: config });
};

describe('golden files', () => {
  it('system', async () => {
    await expect(chartYaml(new SystemChart(new App(), 'mechanicbuddy-system', { platform }))).toMatchFileSnapshot('golden/system.k8s.yaml');
  });

  it('free tier', async () => {
    await expect(chartYaml(new FreeTierChart(new App(), 'mechanicbuddy-free-tier', { platform }))).toMatchFileSnapshot('golden/free-tier.k8s.yaml');
  });

  it('gitops', async () => {
    await expect(chartYaml(new GitOpsChart(new App(), 'argocd', { platform }))).toMatchFileSnapshot('golden/gitops.k8s.yaml');
  });

  it.each([
    ['professional', 'acme'],
    ['enterprise', 'bigshop'],
    ['professional-custom-domain', 'rapidfix'],
    ['demo', 'trial-motors'],
  ])('tenant, %s', async (name, id) => {
    await expect(chartYaml(tenant(id))).toMatchFileSnapshot(`golden/tenant-${name}.k8s.yaml`);
  });

  it('tenant, free (dedicated)', async () => {
    const free = definePlatform({ tenants: [{ id: 'garage', name: 'Garage', tier: 'free', placement: 'dedicated' }] });
    await expect(chartYaml(new TenantChart(new App(), 'tenant-garage', { platform: free, tenant: free.tenants[0] }))).toMatchFileSnapshot('golden/tenant-free.k8s.yaml');
  });
});
