/**
 * Rollback: re-apply the objects a recorded revision holds, exactly as they
 * were stored. Only Kubernetes objects go back: database contents, volumes and
 * Secrets stay as they are now, and a migration that changed the schema is
 * not undone.
 */
import { applyInstance, type ApplyOptions, type ApplyResult } from './apply.js';
import { gitOpsCheck, type GitOpsOwner } from './gitops-managed.js';
import { listRevisions, readRevision, RevisionError, type RevisionRecord } from './revisions.js';
import { checkRevisionScope } from './rollback-scope.js';
import type { ObjectClient } from './objects.js';

export const DATA_NOTICE = 'Data is not rolled back: database contents, volumes (PVCs) and Secrets stay as they are now, and schema migrations already run are not undone.';

export interface RollbackOptions extends ApplyOptions {
  /** Revision to restore. @default - the newest applied revision before the newest one */
  readonly to?: number;
  /** Roll back objects Argo CD or Flux syncs from Git, which they roll forward again. @default false (refused; a dry-run reports them) */
  readonly forceGitOps?: boolean;
}

export interface RollbackResult extends ApplyResult {
  readonly instance: string;
  /** The newest revision before the rollback. */
  readonly from: number;
  readonly to: number;
  readonly notice: string;
  /** The GitOps Applications or Kustomizations that sync the live objects (see gitops-managed.ts). */
  readonly gitops: readonly GitOpsOwner[];
}

/** The revision `rollback` restores without --to: the newest applied one before the newest record. */
export function defaultTarget(revisions: readonly RevisionRecord[]): RevisionRecord | undefined {
  return revisions.slice(0, -1).filter((r) => r.status === 'applied').at(-1);
}

export async function rollbackInstance(client: ObjectClient, instance: string, namespace: string, options: RollbackOptions = {}): Promise<RollbackResult> {
  const revisions = await listRevisions(client, instance, namespace);
  const newest = revisions.at(-1);
  if (!newest) throw new RevisionError(`${instance} has no recorded revisions in namespace ${namespace}; nothing to roll back to`);
  let to = options.to;
  if (to === undefined) {
    const target = defaultTarget(revisions);
    if (!target) throw new RevisionError(`${instance} has no applied revision before revision ${newest.revision}; nothing to roll back to (see saas-charts history ${instance})`);
    to = target.revision;
  }
  const revision = await readRevision(client, instance, namespace, to);
  await checkRevisionScope(client, revision, instance, namespace);
  // Secret objects are never stored, so pruning to a revision would delete them.
  if (options.prune && revision.omittedSecrets.length > 0) throw new RevisionError(`--prune would delete ${revision.omittedSecrets.join(', ')}, which revision ${to} names but does not store; roll back without --prune`);
  const gitops = gitOpsCheck(instance, !options.dryRun && !options.forceGitOps);
  const result = await applyInstance(client, { instance, namespace, objects: revision.objects, secrets: revision.secrets }, { ...options, rollbackOf: to, inspectLive: gitops.inspect });
  return { ...result, instance, from: newest.revision, to, notice: DATA_NOTICE, gitops: gitops.owners };
}
