/**
 * The chart instances of a platform, one file each under dist/. Each unit
 * builds its chart in an App of its own: one App holding every chart makes
 * synthesis quadratic (each toJson re-resolves and re-validates the whole app).
 * With clusters declared, each unit is placed on one and its file moves under
 * clusters/{name}/; the GitOps wiring stays outside every cluster folder.
 */
import { App, type Chart } from 'cdk8s';
import { BrickChart } from '../charts/bricks/brick-chart.js';
import { ClusterBaseChart, clusterBaseName } from '../charts/cluster-base-chart.js';
import { CustomerChart } from '../charts/customer-chart.js';
import { FluxChart } from '../charts/flux-chart.js';
import { FreeTierChart } from '../charts/free-tier-chart.js';
import { GitOpsChart } from '../charts/gitops-chart.js';
import { HelpManagerChart } from '../charts/helpmanager-chart.js';
import { SystemChart } from '../charts/system-chart.js';
import { TenantChart } from '../charts/tenant-chart.js';
import { placeOnClusters } from '../platform/clusters.js';
import { gitopsEngine } from '../platform/gitops.js';
import { freeTierShards } from '../platform/shards.js';
import { HELPMANAGER_NAMESPACE, SYSTEM_NAMESPACE, brickNamespace, customerNamespace, tenantNamespace } from '../platform/naming.js';
import { dedicatedTenants } from '../platform/plan.js';
import type { BrickConfig, Platform, TenantConfig } from '../platform/schema.js';

export type UnitKind = 'system' | 'free-tier' | 'gitops' | 'tenant' | 'brick' | 'flux' | 'helpmanager' | 'customer' | 'cluster';

export interface SynthUnit {
  readonly kind: UnitKind;
  /** Chart instance name, e.g. `tenant-acme`. */
  readonly name: string;
  /** File under the output folder, e.g. `tenants/acme.k8s.yaml`. */
  readonly file: string;
  /** Builds the chart into a fresh App. */
  readonly build: (app: App) => Chart;
  /** The cluster it runs on (clusters[].name). @default - the one cluster (the platform declares none) */
  readonly cluster?: string;
}

/** Places a unit on a cluster: its file moves into that cluster's folder. */
function onCluster(cluster: string | undefined, unit: SynthUnit): SynthUnit {
  return cluster === undefined ? unit : { ...unit, cluster, file: `clusters/${cluster}/${unit.file}` };
}

export function platformUnits(platform: Platform): SynthUnit[] {
  const placement = placeOnClusters(platform);
  const home = placement.home;
  const units: SynthUnit[] = [];
  if (platform.system.enabled) {
    units.push(onCluster(home, { kind: 'system', name: SYSTEM_NAMESPACE, file: `system/${SYSTEM_NAMESPACE}.k8s.yaml`, build: (app) => new SystemChart(app, SYSTEM_NAMESPACE, { platform }) }));
  }
  if (platform.freeTier.enabled) {
    for (const { shard, namespace } of freeTierShards(platform)) {
      units.push(onCluster(home, { kind: 'free-tier', name: namespace, file: `free-tier/${namespace}.k8s.yaml`, build: (app) => new FreeTierChart(app, namespace, { platform, shard }) }));
    }
  }
  // GitOps wiring, on the home cluster (Argo CD's or Flux's) but outside every folder it syncs; a unit with nothing to declare writes no file.
  const gitops = gitopsEngine(platform) === 'flux' ? 'fleet' : 'argocd';
  units.push({ kind: 'gitops', name: gitops, file: `gitops/${gitops}.k8s.yaml`, cluster: home, build: (app) => new GitOpsChart(app, gitops, { platform }) });
  if (platform.bricks && home === undefined) units.push({ kind: 'flux', name: 'flux', file: 'gitops/flux.k8s.yaml', build: (app) => new FluxChart(app, 'flux', { platform }) });
  if (platform.bricks && home !== undefined) {
    // Flux runs in each cluster and pulls that cluster's bricks folder.
    const withBricks = new Set(placement.items.filter((item) => item.kind === 'brick').map((item) => item.cluster));
    for (const { name: cluster } of placement.clusters.filter((c) => withBricks.has(c.name))) {
      units.push({ kind: 'flux', name: `flux-${cluster}`, file: `gitops/flux-${cluster}.k8s.yaml`, cluster, build: (app) => new FluxChart(app, 'flux', { platform, cluster }) });
    }
  }
  if (platform.helpManager?.enabled) {
    units.push(onCluster(home, { kind: 'helpmanager', name: HELPMANAGER_NAMESPACE, file: `helpmanager/${HELPMANAGER_NAMESPACE}.k8s.yaml`, build: (app) => new HelpManagerChart(app, HELPMANAGER_NAMESPACE, { platform }) }));
  }
  // Every cluster but home gets the issuer its Certificates name (home's is in the system chart).
  for (const { name: cluster } of placement.clusters.slice(1)) {
    const name = clusterBaseName(cluster);
    units.push(onCluster(cluster, { kind: 'cluster', name, file: `cluster/${name}.k8s.yaml`, build: (app) => new ClusterBaseChart(app, name, { platform, cluster }) }));
  }
  for (const tenant of dedicatedTenants(platform)) units.push(onCluster(placement.clusterOf('tenant', tenant.id), tenantUnit(platform, tenant)));
  for (const brick of platform.bricks?.instances ?? []) {
    units.push(onCluster(placement.clusterOf('brick', brickNamespace(brick.customer, brick.app)), brickUnit(platform, brick)));
  }
  for (const customer of platform.customers?.instances ?? []) {
    const name = customerNamespace(customer.id);
    units.push(onCluster(placement.clusterOf('customer', customer.id), { kind: 'customer', name, file: `customers/${customer.id}.k8s.yaml`, build: (app) => new CustomerChart(app, name, { platform, customer }) }));
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
