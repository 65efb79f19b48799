/**
 * Deletes a chart instance in reverse apply order: everything its inventory
 * lists (so objects of older versions go too), Namespaces, PVCs and database
 * Clusters only with `purge`. Members annotated `delete-with-namespace` are
 * left to their namespace. The parent Secret goes last, and only when no
 * member is left.
 */
import type { ManifestObject } from '../../constructs/index.js';
import { sortForDelete } from '../synth/order.js';
import { applySetFor, contentsFromParent, contentsOf, parentObject, unionContents, type ApplySetRef } from './applyset.js';
import type { Change } from './changeset.js';
import { describeObject } from './discovery.js';
import type { ObjectClient } from './objects.js';
import { isProtected, listMembers } from './prune.js';

/**
 * Deprovisioning leaves an object so annotated to its namespace: kept while the namespace is
 * kept, gone when it goes. For the access a namespaced caller deprovisions with (the demo-expiry
 * Role): deleted earlier, it would lock that caller out of the rest, and out of the kept namespace.
 */
export const DELETE_WITH_NAMESPACE_ANNOTATION = 'saas-charts.io/delete-with-namespace';

export function leftToNamespace(object: Pick<ManifestObject, 'metadata'>): boolean {
  return object.metadata.annotations?.[DELETE_WITH_NAMESPACE_ANNOTATION] === 'true';
}

export interface DeleteOptions {
  readonly purge?: boolean;
  readonly dryRun?: boolean;
  /** Called with the instance's live members (what its inventory lists), read once before anything is deleted; throwing refuses the delete (the GitOps check). */
  readonly inspectLive?: (live: readonly ManifestObject[], instance: string) => void;
}

/** The instance to delete; `objects` (what the platform file renders) adds to what its inventory lists. */
export interface DeleteInput {
  readonly instance: string;
  readonly namespace: string;
  readonly objects: readonly ManifestObject[];
}

/** What a delete works from: the instance's ApplySet parent and the members its inventory lists. */
export interface LiveInstance {
  readonly instance: string;
  readonly set: ApplySetRef;
  readonly parent?: ManifestObject;
  readonly members: readonly ManifestObject[];
}

export async function deleteInstance(client: ObjectClient, input: DeleteInput, options: DeleteOptions = {}): Promise<Change[]> {
  return deleteLive(client, await readInstance(client, input), options);
}

/** Reads what deleteLive deletes; a command deleting several instances reads them all first, so a refusal leaves every one as it was. */
export async function readInstance(client: ObjectClient, input: DeleteInput): Promise<LiveInstance> {
  const set = applySetFor(input.instance, input.namespace);
  const parent = await client.get(parentObject(set, { groupKinds: [], namespaces: [] }));
  const contents = unionContents(contentsFromParent(parent), contentsOf(input.objects, set.namespace));
  return { instance: input.instance, set, parent, members: parent ? await listMembers(client, set, contents) : [] };
}

export async function deleteLive(client: ObjectClient, live: LiveInstance, options: DeleteOptions = {}): Promise<Change[]> {
  const { set, parent, members } = live;
  options.inspectLive?.(members, live.instance);
  const changes: Change[] = [];
  const kept: ManifestObject[] = [];
  let namespaceDeleted = false;
  for (const object of sortForDelete(members)) {
    const subject = describeObject(object);
    if (leftToNamespace(object)) {
      changes.push({ subject, action: 'skipped', reason: `goes only with namespace ${object.metadata.namespace}` });
      kept.push(object);
      continue;
    }
    if (isProtected(object) && !options.purge) {
      changes.push({ subject, action: 'skipped', reason: 'holds data; pass --purge to delete it' });
      kept.push(object);
      continue;
    }
    try {
      const existed = await client.delete(object, { dryRun: options.dryRun, propagation: 'Foreground' });
      if (object.kind === 'Namespace' && object.metadata.name === set.namespace) namespaceDeleted = true;
      changes.push({ subject, action: existed ? 'deleted' : 'unchanged', reason: options.dryRun ? 'dry-run' : existed ? undefined : 'already gone' });
    } catch (error) {
      changes.push({ subject, action: 'skipped', reason: `delete failed: ${(error as Error).message}` });
      kept.push(object);
    }
  }
  if (parent && kept.length === 0 && !options.dryRun) await client.delete(parent).catch(() => false);
  // In a namespace being deleted the parent goes with what was left (and the Role that let a caller write it may be gone).
  else if (parent && !options.dryRun && !namespaceDeleted) await client.apply(parentObject(set, contentsOf(kept, set.namespace)), { force: true }).catch(() => undefined);
  return changes;
}

/** What a purge would delete that holds data, for the confirmation prompt. */
export function dataHolders(objects: readonly ManifestObject[]): string[] {
  return objects.filter(isProtected).map(describeObject);
}
