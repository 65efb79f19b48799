/**
 * GitOps wiring, applied once by the operator: the Argo CD Application
 * `mechanicbuddy-free-tier` (prune + selfHeal) that keeps the free tier in
 * sync with its folder of dist/, and optionally one for the bricks folder.
 * It lives outside those folders so an Application never prunes itself.
 * With clusters declared, one Application per cluster syncs that cluster's
 * folder instead (the per-folder ones would sync the same objects twice).
 */
import { PlatformChart } from './platform-chart.js';
import type { Construct } from 'constructs';
import { ArgoApplication } from '../../constructs/index.js';
import { FREE_TIER_NAMESPACE } from '../platform/naming.js';
import type { Platform } from '../platform/schema.js';
import { chartLabels } from './identity.js';

export interface GitOpsChartProps {
  readonly platform: Platform;
}

export class GitOpsChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    const { gitops } = props.platform.global;
    super(scope, id, { namespace: gitops.argocdNamespace, labels: chartLabels('gitops') });
    if ((props.platform.clusters ?? []).length > 0) {
      clusterApplications(this, props.platform);
      return;
    }
    if (props.platform.freeTier.enabled && props.platform.freeTier.argocd) {
      new ArgoApplication(this, 'FreeTier', {
        name: FREE_TIER_NAMESPACE,
        argocdNamespace: gitops.argocdNamespace,
        repoURL: gitops.repoURL,
        targetRevision: gitops.targetRevision,
        path: `${gitops.path.replace(/\/+$/, '')}/free-tier`,
        destinationNamespace: FREE_TIER_NAMESPACE,
      });
    }
    if (props.platform.bricks?.gitops.argocd) {
      // Each brick names its own namespace; the destination only covers objects without one.
      new ArgoApplication(this, 'Bricks', {
        name: 'bricks',
        argocdNamespace: gitops.argocdNamespace,
        repoURL: gitops.repoURL,
        targetRevision: gitops.targetRevision,
        path: `${gitops.path.replace(/\/+$/, '')}/bricks`,
        destinationNamespace: 'default',
      });
    }
  }
}

/** Label of each cluster Application: which cluster it deploys. */
export const CLUSTER_LABEL = 'mechanicbuddy.app/cluster';

/** Name of the Argo CD Application that syncs dist/clusters/{cluster}. */
export const clusterApplicationName = (cluster: string): string => `cluster-${cluster}`;

function clusterApplications(chart: GitOpsChart, platform: Platform): void {
  const { gitops } = platform.global;
  // Flux reconciles the bricks folders unless Argo CD was asked to.
  const bricksByFlux = platform.bricks !== undefined && platform.bricks.gitops.flux.enabled && !platform.bricks.gitops.argocd;
  for (const cluster of platform.clusters ?? []) {
    new ArgoApplication(chart, `Cluster-${cluster.name}`, {
      name: clusterApplicationName(cluster.name),
      argocdNamespace: gitops.argocdNamespace,
      repoURL: gitops.repoURL,
      targetRevision: gitops.targetRevision,
      path: `${gitops.path.replace(/\/+$/, '')}/clusters/${cluster.name}`,
      // Every object names its namespace; this only covers objects without one.
      destinationNamespace: 'default',
      destinationName: cluster.server === undefined ? cluster.name : undefined,
      destinationServer: cluster.server,
      exclude: bricksByFlux ? 'bricks/*' : undefined,
      labels: { ...cluster.labels, [CLUSTER_LABEL]: cluster.name },
    });
  }
}
