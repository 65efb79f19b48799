/**
 * Which GitOps tool syncs the cluster folders, and how Flux reaches each
 * cluster: Flux runs on the home cluster and applies to the others through a
 * kubeconfig Secret each (Flux's hub-and-spoke layout).
 */
import type { ClusterConfig, Platform } from './schema.js';

export type GitOpsEngine = 'argocd' | 'flux';

export function gitopsEngine(platform: Platform): GitOpsEngine {
  return platform.global.gitops.engine ?? 'argocd';
}

/** The kubeconfig Secret Flux applies a cluster's folder with, or undefined for the home cluster (Flux's own). */
export function fluxKubeConfigSecret(platform: Platform, cluster: ClusterConfig): string | undefined {
  if (cluster.kubeConfigSecret !== undefined) return cluster.kubeConfigSecret;
  return cluster === platform.clusters?.[0] ? undefined : `${cluster.name}-kubeconfig`;
}

/** A folder of dist/ as Argo CD's `source.path` takes it: `dist/free-tier` (global.gitops.path, trailing slashes dropped). */
export function argoPath(platform: Platform, folder: string): string {
  return `${platform.global.gitops.path.replace(/\/+$/, '')}/${folder}`;
}

/** dist/ relative to the repository's root, without `./` or slashes around it: `dist`, `deploy/dist`. */
export function distInRepository(platform: Platform): string {
  return platform.global.gitops.path.replace(/^\.?\/+|\/+$/g, '');
}

/** A folder of dist/ as a Flux Kustomization's `path` takes it: `./dist/bricks`. */
export function fluxPath(platform: Platform, folder: string): string {
  return `./${distInRepository(platform)}/${folder}`;
}
