/**
 * Rollback's check that a revision holds only the instance's own objects. A
 * revision is a ConfigMap in the instance's namespace, so it is as trusted as
 * write access to ConfigMaps there; rollback runs with the operator's
 * (usually wider) rights, so it applies nothing a revision could not have
 * recorded: objects in the instance's namespace, its own Namespace, and
 * cluster-scoped objects of kinds its ApplySet parent already lists.
 */
import type { ManifestObject } from '../../constructs/index.js';
import { applySetFor, contentsFromParent, groupKind, parentObject } from './applyset.js';
import { describeObject, UnknownKindError } from './discovery.js';
import { SafetyError } from './errors.js';
import type { ObjectClient } from './objects.js';
import type { Revision } from './revisions.js';

/** Where an object is checked against: the instance's namespace and the group kinds its ApplySet lists. */
export interface InstanceScope {
  readonly namespace: string;
  readonly groupKinds: readonly string[];
}

/**
 * Why `object` is not the instance's to apply, or undefined when it is.
 * `namespaced` comes from discovery; undefined for a kind the cluster does not
 * serve (yet), placed by whether the object names a namespace.
 */
export function outsideScope(object: ManifestObject, scope: InstanceScope, namespaced: boolean | undefined): string | undefined {
  const kind = groupKind(object);
  if (namespaced ?? object.metadata.namespace !== undefined) {
    // The applier writes a namespaced object without a namespace into "default".
    const namespace = object.metadata.namespace ?? 'default';
    return namespace === scope.namespace ? undefined : `it is in namespace ${namespace}, not ${scope.namespace}`;
  }
  // Our label on a Namespace makes it a member: a later delete or prune of the instance would reach it.
  if (object.kind === 'Namespace' && object.apiVersion === 'v1' && object.metadata.name !== scope.namespace) return `it is a Namespace other than the instance's own (${scope.namespace})`;
  if (!scope.groupKinds.includes(kind)) return `it is cluster-scoped and its kind ${kind} is not one the instance's ApplySet lists (${scope.groupKinds.join(', ') || 'none'})`;
  return undefined;
}

/** Refuses (SafetyError, exit 2) a revision of another instance or holding an object outside the instance; reads only. */
export async function checkRevisionScope(client: ObjectClient, revision: Revision, instance: string, namespace: string): Promise<void> {
  const where = `revision ${revision.revision} of ${instance} (ConfigMap ${namespace}/${revision.configMap})`;
  const refuse = (what: string) => new SafetyError(`refusing to roll back: ${where} ${what}; nothing was applied. A revision is as trusted as write access to ConfigMaps in ${namespace}: find out who changed it`);
  if (revision.instance !== instance) throw refuse(`records instance "${revision.instance}", not ${instance}`);
  const set = applySetFor(instance, namespace);
  const scope: InstanceScope = { namespace, groupKinds: contentsFromParent(await client.get(parentObject(set, { groupKinds: [], namespaces: [] }))).groupKinds };
  for (const object of revision.objects) {
    const reason = outsideScope(object, scope, await namespacedKind(client, object));
    if (reason) throw refuse(`holds ${describeObject(object)}: ${reason}`);
  }
  const secret = revision.secrets.find((declared) => declared.namespace !== namespace);
  if (secret) throw refuse(`declares Secret ${secret.namespace}/${secret.name}: it is in namespace ${secret.namespace}, not ${namespace}`);
}

async function namespacedKind(client: ObjectClient, object: ManifestObject): Promise<boolean | undefined> {
  try {
    return (await client.discovery.resolve(object.apiVersion, object.kind)).namespaced;
  } catch (error) {
    if (error instanceof UnknownKindError) return undefined;
    throw error;
  }
}
