/**
 * The note `apply`, `tenant update` and `fleet upgrade` print when Argo CD or
 * Flux syncs an instance they changed. Applying directly is the normal
 * alternative to a GitOps sync, so they go ahead (unlike `rollback`), but the
 * controller rolls the change back at its next sync unless it reaches Git.
 * The owners come from the live objects the applier reads anyway
 * (ApplyOptions.inspectLive): no extra GETs.
 */
import type { ManifestObject } from '../../constructs/index.js';
import type { ChangeAction } from '../apply/changeset.js';
import { describeOwner, gitOpsOwners } from '../apply/gitops-managed.js';

/** What GitOps would undo; unchanged and skipped objects leave it nothing to roll back. */
export const CHANGING: ReadonlySet<ChangeAction> = new Set(['created', 'configured', 'deleted']);

/** Names a note lists before "and N more". */
const LISTED = 3;

export interface GitOpsNotes {
  /** For ApplyOptions.inspectLive: records who syncs each instance's live objects. */
  readonly inspectLive: (live: readonly ManifestObject[], instance: string) => void;
  /**
   * The run's one note, or undefined when GitOps syncs none of the instances it changed.
   * @param changed the instances the run changed (would change, in a dry-run)
   * @param keep what makes the changes last, e.g. "commit the platform file, run `saas-charts synth` and commit dist/"
   */
  note(changed: Iterable<string>, keep: string, dryRun?: boolean): string | undefined;
}

export function gitOpsNotes(): GitOpsNotes {
  const owners = new Map<string, Set<string>>();
  return {
    inspectLive(live, instance) {
      for (const owner of gitOpsOwners(live)) owners.set(instance, (owners.get(instance) ?? new Set<string>()).add(describeOwner(owner)));
    },
    note(changed, keep, dryRun = false) {
      const synced = [...new Set(changed)].filter((instance) => owners.has(instance));
      if (synced.length === 0) return undefined;
      const names = [...new Set(synced.flatMap((instance) => [...owners.get(instance)!]))].sort();
      const one = names.length === 1;
      const rollBack = dryRun ? 'would roll these changes back' : `roll${one ? 's' : ''} these changes back`;
      return `GitOps: ${listed(names)} ${one ? 'syncs' : 'sync'} ${listed(synced)} from Git and ${rollBack} at the next sync unless they reach Git: ${keep}.`;
    },
  };
}

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`. */
function listed(names: readonly string[]): string {
  if (names.length > LISTED) return `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`;
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
