/**
 * DELETE and what follows it, as the registry, the garbage collector and the namespace
 * controller do it:
 * - no finalizers: gone at once; Background (the default) then deletes dependents (objects
 *   whose ownerReferences name it) a moment later.
 * - Foreground / Orphan: the object gets `deletionTimestamp` and the `foregroundDeletion` /
 *   `orphan` finalizer; a moment later dependents are deleted / released, then it goes.
 * - other finalizers: `deletionTimestamp` only, until a write removes the last finalizer.
 * - a Namespace turns Terminating, and after `namespaceTerminationMs` everything in it is
 *   deleted, then the namespace itself.
 */
import { metadataOf, nameOf, namespaceOf, storeKey, timestamp, withTypeMeta, type ClusterState, type WriteEvent } from './cluster-state.js';
import { clone, isObject, stringAt, type JsonObject } from './json.js';
import type { Matcher } from './selectors.js';
import type { ResourceType } from './resource-types.js';
import { conflict, deletedStatus, forbidden, invalid, notFound } from './status-errors.js';

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface DeleteOptions {
  readonly dryRun: boolean;
  readonly propagationPolicy: string | undefined;
  readonly preconditions: { readonly uid?: string; readonly resourceVersion?: string } | undefined;
}

const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

function finalizersOf(object: JsonObject): string[] {
  const value = metadataOf(object).finalizers;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function ownerUids(object: JsonObject): string[] {
  const references = metadataOf(object).ownerReferences;
  return Array.isArray(references) ? references.filter(isObject).map((reference) => String(reference.uid ?? '')) : [];
}

/** Custom resources answer DELETE with the object, built-in kinds with a Status naming it. */
function returnsObject(type: ResourceType): boolean {
  return type.definedBy !== undefined || type.kind === 'Service' || type.kind === 'Pod';
}

export class Deletions {
  private readonly terminating = new Set<string>();

  constructor(private readonly state: ClusterState) {}

  delete(type: ResourceType, namespace: string, name: string, options: DeleteOptions): JsonObject {
    const policy = this.policyOf(options.propagationPolicy);
    const live = this.state.store.get(storeKey(type, namespace, name));
    if (!live) throw notFound(type, name);
    this.checkPreconditions(type, live, options);
    if (type.kind === 'Namespace' && type.group === '') return this.deleteNamespace(type, live, options.dryRun);
    if (stringAt(live, 'metadata', 'deletionTimestamp') !== undefined) return live;
    const added = policy === 'Foreground' ? [FOREGROUND] : policy === 'Orphan' ? [ORPHAN] : [];
    const finalizers = [...new Set([...finalizersOf(live), ...added])];
    if (finalizers.length === 0) {
      if (!options.dryRun) this.remove(type, live);
      return returnsObject(type) ? live : deletedStatus(type, name, stringAt(live, 'metadata', 'uid') ?? '');
    }
    const next = this.markDeleting(type, live, finalizers);
    if (options.dryRun) return next;
    const stored = this.store(type, live, next);
    if (added.length > 0) this.state.scheduler.schedule(this.state.settings.garbageCollectionMs, `${policy} deletion of ${type.resource}/${name}`, () => this.finishPropagation(type, stored, policy));
    return stored;
  }

  /** DELETE on a collection: every object that matches, each deleted as above; answers the list of them. */
  deleteCollection(type: ResourceType, namespace: string | undefined, matches: Matcher, options: DeleteOptions): JsonObject {
    const items = this.state.store.list(type.group, type.resource, namespace).filter(matches);
    for (const item of items) this.delete(type, namespaceOf(item), nameOf(item), options);
    return { kind: type.listKind, apiVersion: type.group === '' ? type.version : `${type.group}/${type.version}`, metadata: { resourceVersion: this.state.store.currentResourceVersion() }, items };
  }

  /** Hook for every stored write: a removed object may complete a terminating namespace; its dependents follow it. */
  onWrite(event: WriteEvent): void {
    if (event.kind !== 'deleted') return;
    const namespace = namespaceOf(event.object);
    if (event.type.namespaced && this.terminating.has(namespace)) this.completeNamespace(namespace);
    const uid = stringAt(event.object, 'metadata', 'uid');
    if (uid !== undefined) this.state.scheduler.schedule(this.state.settings.garbageCollectionMs, `garbage collection of dependents of ${uid}`, () => this.collectDependents(uid));
  }

  private policyOf(value: string | undefined): PropagationPolicy {
    if (value === undefined || value === '') return 'Background';
    if (value === 'Foreground' || value === 'Background' || value === 'Orphan') return value;
    throw invalid({ group: 'meta.k8s.io', resource: 'deleteoptions', kind: 'DeleteOptions' }, '', [
      { type: 'FieldValueNotSupported', field: 'propagationPolicy', detail: `Unsupported value: ${JSON.stringify(value)}: supported values: "Foreground", "Background", "Orphan"` },
    ]);
  }

  private checkPreconditions(type: ResourceType, live: JsonObject, options: DeleteOptions): void {
    const uid = stringAt(live, 'metadata', 'uid');
    const resourceVersion = stringAt(live, 'metadata', 'resourceVersion');
    const wanted = options.preconditions;
    if (wanted?.uid !== undefined && wanted.uid !== uid) throw conflict(type, nameOf(live), `Precondition failed: UID in precondition: ${wanted.uid}, UID in object meta: ${uid}`);
    if (wanted?.resourceVersion !== undefined && wanted.resourceVersion !== resourceVersion) {
      throw conflict(type, nameOf(live), `Precondition failed: ResourceVersion in precondition: ${wanted.resourceVersion}, ResourceVersion in object meta: ${resourceVersion}`);
    }
  }

  private deleteNamespace(type: ResourceType, live: JsonObject, dryRun: boolean): JsonObject {
    const name = nameOf(live);
    if (PROTECTED_NAMESPACES.has(name)) throw forbidden(type, name, 'this namespace may not be deleted');
    if (stringAt(live, 'metadata', 'deletionTimestamp') !== undefined) return live;
    const next = this.markDeleting(type, live, finalizersOf(live));
    next.status = { ...(isObject(next.status) ? next.status : {}), phase: 'Terminating' };
    if (dryRun) return next;
    const stored = this.store(type, live, next);
    this.terminating.add(name);
    this.state.scheduler.schedule(this.state.settings.namespaceTerminationMs, `termination of namespace ${name}`, () => this.terminateNamespace(name));
    return stored;
  }

  private terminateNamespace(namespace: string): void {
    for (const entry of this.state.store.entries()) {
      const type = this.state.registry.types().find((candidate) => candidate.group === entry.group && candidate.resource === entry.resource);
      if (!type?.namespaced || namespaceOf(entry.object) !== namespace) continue;
      this.delete(type, namespace, nameOf(entry.object), { dryRun: false, propagationPolicy: 'Background', preconditions: undefined });
    }
    this.completeNamespace(namespace);
  }

  /** The namespace goes once nothing is left in it. */
  private completeNamespace(namespace: string): void {
    const left = this.state.store.entries().some((entry) => {
      const type = this.state.registry.types().find((candidate) => candidate.group === entry.group && candidate.resource === entry.resource);
      return (type?.namespaced ?? true) && namespaceOf(entry.object) === namespace;
    });
    if (left) return;
    this.terminating.delete(namespace);
    const type = this.state.registry.byKind('v1', 'Namespace')!;
    const stored = this.state.store.get(storeKey(type, '', namespace));
    if (stored) this.remove(type, stored);
  }

  private markDeleting(type: ResourceType, live: JsonObject, finalizers: readonly string[]): JsonObject {
    const next = clone(live);
    const metadata = metadataOf(next);
    metadata.deletionTimestamp = timestamp(this.state.now());
    metadata.deletionGracePeriodSeconds = 0;
    if (finalizers.length > 0) metadata.finalizers = [...finalizers];
    if (type.tracksGeneration && typeof metadata.generation === 'number') metadata.generation += 1;
    return next;
  }

  private store(type: ResourceType, live: JsonObject, next: JsonObject): JsonObject {
    metadataOf(next).resourceVersion = this.state.store.nextResourceVersion();
    const stored = withTypeMeta(type, next);
    this.state.store.put(type.group, type.resource, stored);
    this.state.notify({ kind: 'updated', type, object: stored, previous: live });
    return stored;
  }

  private remove(type: ResourceType, live: JsonObject): void {
    if (!this.state.store.remove(storeKey(type, namespaceOf(live), nameOf(live)))) return;
    this.state.notify({ kind: 'deleted', type, object: live, previous: live });
  }

  private finishPropagation(type: ResourceType, owner: JsonObject, policy: PropagationPolicy): void {
    const uid = stringAt(owner, 'metadata', 'uid') ?? '';
    for (const { type: dependentType, object } of this.dependentsOf(uid)) {
      if (policy === 'Foreground') this.delete(dependentType, namespaceOf(object), nameOf(object), { dryRun: false, propagationPolicy: 'Foreground', preconditions: undefined });
      else this.release(dependentType, object, uid);
    }
    this.removeFinalizer(type, owner, policy === 'Foreground' ? FOREGROUND : ORPHAN);
  }

  private release(type: ResourceType, dependent: JsonObject, ownerUid: string): void {
    const next = clone(dependent);
    const references = metadataOf(next).ownerReferences;
    const kept = Array.isArray(references) ? references.filter((reference) => !isObject(reference) || reference.uid !== ownerUid) : [];
    if (kept.length > 0) metadataOf(next).ownerReferences = kept;
    else delete metadataOf(next).ownerReferences;
    this.store(type, dependent, next);
  }

  private removeFinalizer(type: ResourceType, owner: JsonObject, finalizer: string): void {
    const live = this.state.store.get(storeKey(type, namespaceOf(owner), nameOf(owner)));
    if (!live || stringAt(live, 'metadata', 'uid') !== stringAt(owner, 'metadata', 'uid')) return;
    const finalizers = finalizersOf(live).filter((name) => name !== finalizer);
    if (finalizers.length === 0) return this.remove(type, live);
    const next = clone(live);
    metadataOf(next).finalizers = finalizers;
    this.store(type, live, next);
  }

  private dependentsOf(uid: string): { type: ResourceType; object: JsonObject }[] {
    const out: { type: ResourceType; object: JsonObject }[] = [];
    for (const entry of this.state.store.entries()) {
      if (!ownerUids(entry.object).includes(uid)) continue;
      const type = this.state.registry.types().find((candidate) => candidate.group === entry.group && candidate.resource === entry.resource);
      if (type) out.push({ type, object: entry.object });
    }
    return out;
  }

  /** Background propagation: dependents none of whose owners exist any more are deleted. */
  private collectDependents(uid: string): void {
    const existing = new Set(this.state.store.entries().map((entry) => stringAt(entry.object, 'metadata', 'uid')));
    for (const { type, object } of this.dependentsOf(uid)) {
      if (ownerUids(object).some((owner) => existing.has(owner))) continue;
      if (stringAt(object, 'metadata', 'deletionTimestamp') !== undefined) continue;
      if (this.state.store.has(storeKey(type, namespaceOf(object), nameOf(object)))) this.delete(type, namespaceOf(object), nameOf(object), { dryRun: false, propagationPolicy: 'Background', preconditions: undefined });
    }
  }
}
