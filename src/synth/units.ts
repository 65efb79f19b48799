/**
 * The chart instances of a platform, one file each under dist/. Each unit
 * builds its chart in an App of its own: one App holding every chart makes
 * synthesis quadratic (each toJson re-resolves and re-validates the whole app).
 */
import { App, type Chart } from 'cdk8s';
import { BrickChart } from '../charts/bricks/brick-chart.js';
import { CustomerChart } from '../charts/customer-chart.js';
import { FluxChart } from '../charts/flux-chart.js';
import { FreeTierChart } from '../charts/free-tier-chart.js';
import { GitOpsChart } from '../charts/gitops-chart.js';
import { HelpManagerChart } from '../charts/helpmanager-chart.js';
import { SystemChart } from '../charts/system-chart.js';
import { TenantChart } from '../charts/tenant-chart.js';
import { FREE_TIER_NAMESPACE, HELPMANAGER_NAMESPACE, SYSTEM_NAMESPACE, brickNamespace, customerNamespace, tenantNamespace } from '../platform/naming.js';
import { dedicatedTenants } from '../platform/plan.js';
import type { BrickConfig, Platform, TenantConfig } from '../platform/schema.js';

export type UnitKind = 'system' | 'free-tier' | 'gitops' | 'tenant' | 'brick' | 'flux' | 'helpmanager' | 'customer';

export interface SynthUnit {
  readonly kind: UnitKind;
  /** Chart instance name, e.g. `tenant-acme`. */
  readonly name: string;
  /** File under the output folder, e.g. `tenants/acme.k8s.yaml`. */
  readonly file: string;
  /** Builds the chart into a fresh App. */
  readonly build: (app: App) => Chart;
}

export function platformUnits(platform: Platform): SynthUnit[] {
  const units: SynthUnit[] = [];
  if (platform.system.enabled) {
    units.push({ kind: 'system', name: SYSTEM_NAMESPACE, file: `system/${SYSTEM_NAMESPACE}.k8s.yaml`, build: (app) => new SystemChart(app, SYSTEM_NAMESPACE, { platform }) });
  }
  if (platform.freeTier.enabled) {
    units.push({ kind: 'free-tier', name: FREE_TIER_NAMESPACE, file: `free-tier/${FREE_TIER_NAMESPACE}.k8s.yaml`, build: (app) => new FreeTierChart(app, FREE_TIER_NAMESPACE, { platform }) });
  }
  // GitOps wiring; a unit with nothing to declare writes no file.
  units.push({ kind: 'gitops', name: 'argocd', file: 'gitops/argocd.k8s.yaml', build: (app) => new GitOpsChart(app, 'argocd', { platform }) });
  if (platform.bricks) units.push({ kind: 'flux', name: 'flux', file: 'gitops/flux.k8s.yaml', build: (app) => new FluxChart(app, 'flux', { platform }) });
  if (platform.helpManager?.enabled) {
    units.push({ kind: 'helpmanager', name: HELPMANAGER_NAMESPACE, file: `helpmanager/${HELPMANAGER_NAMESPACE}.k8s.yaml`, build: (app) => new HelpManagerChart(app, HELPMANAGER_NAMESPACE, { platform }) });
  }
  for (const tenant of dedicatedTenants(platform)) units.push(tenantUnit(platform, tenant));
  for (const brick of platform.bricks?.instances ?? []) units.push(brickUnit(platform, brick));
  for (const customer of platform.customers?.instances ?? []) {
    const name = customerNamespace(customer.id);
    units.push({ kind: 'customer', name, file: `customers/${customer.id}.k8s.yaml`, build: (app) => new CustomerChart(app, name, { platform, customer }) });
  }
  return units;
}

export function brickUnit(platform: Platform, brick: BrickConfig): SynthUnit {
  const name = brickNamespace(brick.customer, brick.app);
  return { kind: 'brick', name, file: `bricks/${name}.k8s.yaml`, build: (app) => new BrickChart(app, name, { platform, brick }) };
}

export function tenantUnit(platform: Platform, tenant: TenantConfig): SynthUnit {
  const name = tenantNamespace(tenant.id);
  return { kind: 'tenant', name, file: `tenants/${tenant.id}.k8s.yaml`, build: (app) => new TenantChart(app, name, { platform, tenant }) };
}

export function newApp(): App {
  // The output folder is never written by cdk8s; we render to strings.
  return new App({ outdir: 'dist' });
}
