/** GitOps settings that only make sense together: the engine, clusters and what each engine reads. */
import { fluxKubeConfigSecret, gitopsEngine } from './gitops.js';
import { problemAt as problem, type PlatformProblem } from './issues.js';
import type { Platform } from './schema.js';

export function gitopsProblems(platform: Platform): PlatformProblem[] {
  const clusters = platform.clusters ?? [];
  const engine = gitopsEngine(platform);
  if (clusters.length === 0) {
    return platform.global.gitops.engine === 'flux'
      ? [problem(['global', 'gitops', 'engine'], '"flux" syncs the cluster folders, but the platform declares no clusters; without clusters the free tier is synced by freeTier.argocd and the bricks by bricks.gitops.flux: remove engine or declare clusters')]
      : [];
  }
  const problems: PlatformProblem[] = [];
  const secrets = new Map<string, string>();
  clusters.forEach((cluster, index) => {
    if (engine === 'argocd' && cluster.kubeConfigSecret !== undefined) {
      problems.push(problem(['clusters', index, 'kubeConfigSecret'], `"${cluster.kubeConfigSecret}" is read by Flux only, but global.gitops.engine is argocd (Argo CD reaches ${cluster.name} by server or by name): remove it or set engine: flux`));
    }
    if (engine === 'flux' && cluster.server !== undefined) {
      problems.push(problem(['clusters', index, 'server'], `"${cluster.server}" is read by Argo CD only, but global.gitops.engine is flux (Flux reaches ${cluster.name} through kubeConfigSecret): remove it or set engine: argocd`));
    }
    const secret = engine === 'flux' ? fluxKubeConfigSecret(platform, cluster) : undefined;
    if (secret === undefined) return;
    const other = secrets.get(secret);
    if (other !== undefined) problems.push(problem(['clusters', index, 'kubeConfigSecret'], `"${secret}" is already the kubeconfig Secret of cluster ${other}; each cluster needs its own`));
    else secrets.set(secret, cluster.name);
  });
  return problems;
}
