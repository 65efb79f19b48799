/**
 * The note `apply`, `tenant update`, `tenant upgrade`, `fleet upgrade` and `brick ... --apply`
 * print when Argo CD or Flux syncs an instance they changed. Applying directly is the normal
 * alternative to a GitOps sync, so they go ahead (unlike `rollback`), but the
 * controller rolls the change back at its next sync unless it reaches Git.
 * `delete` and `tenant deprovision` (refused unless forced) note the same owners.
 * The owners come from the live objects the applier or the delete reads anyway
 * (ApplyOptions.inspectLive, DeleteOptions.inspectLive): no extra GETs.
 */
import type { ManifestObject } from '../../constructs/index.js';
import type { ChangeAction } from '../apply/changeset.js';
import { describeOwner, gitOpsOwners } from '../apply/gitops-managed.js';

/** What GitOps would undo; unchanged and skipped objects leave it nothing to roll back. */
export const CHANGING: ReadonlySet<ChangeAction> = new Set(['created', 'configured', 'deleted']);

/** Names a note lists before "and N more". */
const LISTED = 3;

export interface GitOpsNotes {
  /** For ApplyOptions.inspectLive and DeleteOptions.inspectLive: records who syncs each instance's live objects. */
  readonly inspectLive: (live: readonly ManifestObject[], instance: string) => void;
  /**
   * The run's one note, or undefined when GitOps syncs none of the instances it changed.
   * @param changed the instances the run changed (would change, in a dry-run)
   * @param keep what makes the changes last, e.g. "commit the platform file, run `saas-charts synth` and commit dist/"
   */
  note(changed: Iterable<string>, keep: string, dryRun?: boolean): string | undefined;
  /**
   * The note of `delete` or `tenant deprovision` on instances GitOps syncs: run with --force-gitops, or a
   * dry-run (never refused); undefined when it syncs none of them.
   */
  deleted(instances: Iterable<string>, dryRun?: boolean): string | undefined;
}

export function gitOpsNotes(): GitOpsNotes {
  const owners = new Map<string, Set<string>>();
  return {
    inspectLive(live, instance) {
      for (const owner of gitOpsOwners(live)) owners.set(instance, (owners.get(instance) ?? new Set<string>()).add(describeOwner(owner)));
    },
    note(changed, keep, dryRun = false) {
      const found = syncedBy(changed);
      if (!found) return undefined;
      const rollBack = dryRun ? 'would roll these changes back' : `roll${found.one ? 's' : ''} these changes back`;
      return `GitOps: ${found.who} from Git and ${rollBack} at the next sync unless they reach Git: ${keep}.`;
    },
    deleted(instances, dryRun = false) {
      const found = syncedBy(instances);
      if (!found) return undefined;
      const remove = 'to remove an instance, take it out of the platform file, run `saas-charts synth` and commit dist/';
      if (dryRun) return `GitOps: ${found.who} from Git and would recreate what this deletes at the next sync; without --dry-run the delete is refused unless --force-gitops (${remove}).`;
      return `GitOps: ${found.who} from Git and recreate${found.one ? 's' : ''} what was deleted at the next sync unless the sync is suspended (${remove}).`;
    },
  };

  /** `Argo CD Application x syncs tenant-a`, and whether one owner is named; undefined when GitOps syncs none of the instances. */
  function syncedBy(instances: Iterable<string>): { who: string; one: boolean } | undefined {
    const synced = [...new Set(instances)].filter((instance) => owners.has(instance));
    if (synced.length === 0) return undefined;
    const names = [...new Set(synced.flatMap((instance) => [...owners.get(instance)!]))].sort();
    const one = names.length === 1;
    return { who: `${listed(names)} ${one ? 'syncs' : 'sync'} ${listed(synced)}`, one };
  }
}

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`. */
function listed(names: readonly string[]): string {
  if (names.length > LISTED) return `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`;
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
