/**
 * GitOps wiring, applied once by the operator: the Argo CD Application
 * `mechanicbuddy-free-tier` (prune + selfHeal) that keeps the free tier in
 * sync with its folder of dist/, and optionally one for the bricks folder.
 * It lives outside those folders so an Application never prunes itself.
 * With clusters declared, each cluster's folder is synced as a whole instead
 * (the per-folder ones would sync the same objects twice): by one Argo CD
 * Application per cluster, or with `global.gitops.engine: flux` by one Flux
 * Kustomization per cluster from one GitRepository, all on the home cluster.
 */
import { PlatformChart } from './platform-chart.js';
import type { Construct } from 'constructs';
import { ArgoApplication, FluxGitSource, FluxKustomization } from '../../constructs/index.js';
import { argoPath, distInRepository, fluxKubeConfigSecret, fluxPath, gitopsEngine } from '../platform/gitops.js';
import { FREE_TIER_NAMESPACE } from '../platform/naming.js';
import type { Platform } from '../platform/schema.js';
import { chartLabels } from './identity.js';

export interface GitOpsChartProps {
  readonly platform: Platform;
}

export class GitOpsChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    const { gitops } = props.platform.global;
    const flux = gitopsEngine(props.platform) === 'flux';
    super(scope, id, { namespace: flux ? gitops.flux.namespace : gitops.argocdNamespace, labels: chartLabels('gitops') });
    if ((props.platform.clusters ?? []).length > 0) {
      if (flux) clusterKustomizations(this, props.platform);
      else clusterApplications(this, props.platform);
      return;
    }
    if (props.platform.freeTier.enabled && props.platform.freeTier.argocd) {
      new ArgoApplication(this, 'FreeTier', {
        name: FREE_TIER_NAMESPACE,
        argocdNamespace: gitops.argocdNamespace,
        repoURL: gitops.repoURL,
        targetRevision: gitops.targetRevision,
        path: argoPath(props.platform, 'free-tier'),
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
        path: argoPath(props.platform, 'bricks'),
        destinationNamespace: 'default',
      });
    }
  }
}

/** Label of each cluster Application or Kustomization: which cluster it deploys. */
export const CLUSTER_LABEL = 'mechanicbuddy.app/cluster';

/** Name of the Argo CD Application (or Flux Kustomization) that syncs dist/clusters/{cluster}. */
export const clusterSyncName = (cluster: string): string => `cluster-${cluster}`;

/** Name of the Flux GitRepository of the fleet's repository (global.gitops.repoURL). */
export const FLEET_SOURCE_NAME = 'mechanicbuddy-fleet';

/** The bricks' own Flux wiring reconciles their folders, unless Argo CD was asked to. */
const bricksByFlux = (platform: Platform): boolean => platform.bricks !== undefined && platform.bricks.gitops.flux.enabled && !platform.bricks.gitops.argocd;

function clusterApplications(chart: GitOpsChart, platform: Platform): void {
  const { gitops } = platform.global;
  for (const cluster of platform.clusters ?? []) {
    new ArgoApplication(chart, `Cluster-${cluster.name}`, {
      name: clusterSyncName(cluster.name),
      argocdNamespace: gitops.argocdNamespace,
      repoURL: gitops.repoURL,
      targetRevision: gitops.targetRevision,
      path: argoPath(platform, `clusters/${cluster.name}`),
      // Every object names its namespace; this only covers objects without one.
      destinationNamespace: 'default',
      destinationName: cluster.server === undefined ? cluster.name : undefined,
      destinationServer: cluster.server,
      exclude: bricksByFlux(platform) ? 'bricks/*' : undefined,
      labels: { ...cluster.labels, [CLUSTER_LABEL]: cluster.name },
    });
  }
}

function clusterKustomizations(chart: GitOpsChart, platform: Platform): void {
  const { gitops } = platform.global;
  const source = new FluxGitSource(chart, 'Fleet', {
    name: FLEET_SOURCE_NAME,
    namespace: gitops.flux.namespace,
    url: gitops.repoURL,
    revision: gitops.targetRevision,
    secretName: gitops.flux.secretName,
    ignore: onlyFolder(`${distInRepository(platform)}/clusters`, bricksByFlux(platform) ? ['*/bricks/'] : []),
  });
  for (const cluster of platform.clusters ?? []) {
    new FluxKustomization(chart, `Cluster-${cluster.name}`, {
      name: clusterSyncName(cluster.name),
      namespace: gitops.flux.namespace,
      sourceName: source.name,
      path: fluxPath(platform, `clusters/${cluster.name}`),
      kubeConfigSecretName: fluxKubeConfigSecret(platform, cluster),
      labels: { ...cluster.labels, [CLUSTER_LABEL]: cluster.name },
    });
  }
}

/**
 * A .sourceignore that keeps one folder of the repository and leaves out
 * `excluded` patterns inside it. Git cannot re-include a path whose parent is
 * excluded, so each level is excluded and its next segment re-included.
 */
function onlyFolder(folder: string, excluded: readonly string[]): string {
  const lines: string[] = [];
  let prefix = '';
  for (const segment of folder.split('/')) {
    lines.push(`${prefix}/*`, `!${prefix}/${segment}/`);
    prefix = `${prefix}/${segment}`;
  }
  return [...lines, ...excluded.map((pattern) => `${prefix}/${pattern}`)].join('\n') + '\n';
}
