/**
 * GitOps wiring, applied once by the operator: the Argo CD Application
 * `mechanicbuddy-free-tier` (prune + selfHeal) that keeps the free tier in
 * sync with its folder of dist/, and optionally one for the bricks folder.
 * It lives outside those folders so an Application never prunes itself.
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
