/**
 * Applies one chart instance: secrets checked first, ApplySet superset
 * recorded, then stage by stage (namespaces, configuration, data, migration,
 * workloads, edge) with server-side apply, skipping objects whose dry-run
 * equals the live object, waiting for readiness where a stage needs it, and
 * finally pruning what left the set. Ctrl-C (an aborted signal) stops between
 * objects; the inventory stays a superset, so a re-run converges.
 */
import type { ManifestObject } from '../../constructs/index.js';
import { ApplyStage, applyStage, sortForApply } from '../synth/order.js';
import {
  GROUP_KINDS_ANNOTATION, ID_LABEL, NAMESPACES_ANNOTATION, TOOLING_ANNOTATION, applySetFor, contentsFromParent, contentsOf, parentObject, PART_OF_LABEL,
  unionContents, withMembership, type ApplySetRef, type SetContents,
} from './applyset.js';
import type { Change, ProgressEvent } from './changeset.js';
import { describeObject, UnknownKindError } from './discovery.js';
import { ImmutableFieldError, SafetyError } from './errors.js';
import { diffObjects, sameContent } from './normalize.js';
import type { ObjectClient } from './objects.js';
import { pruneSet } from './prune.js';
import { DEFAULT_REVISION_HISTORY, prepareRevision, recordRevision } from './revisions.js';
import { createSecrets, planSecrets, type SecretDeclaration, type SuppliedValues } from './secrets.js';
import { waitForObjects, type AppliedObject, type WaitOptions } from './wait.js';

export interface ApplyInput {
  /** Chart instance, e.g. `tenant-acme`; names the ApplySet parent. */
  readonly instance: string;
  /** Where the ApplySet parent Secret lives (the instance's own namespace). */
  readonly namespace: string;
  readonly objects: readonly ManifestObject[];
  readonly secrets?: readonly SecretDeclaration[];
}

export interface ApplyOptions extends Partial<WaitOptions> {
  /** Server-side dry-run only: nothing is persisted. @default false */
  readonly dryRun?: boolean;
  /** Take over fields other managers own. @default false */
  readonly forceConflicts?: boolean;
  /** Delete members that left the set. @default false */
  readonly prune?: boolean;
  /** Let prune delete Namespaces, PVCs and database Clusters. @default false */
  readonly purge?: boolean;
  /** Take objects that belong to another ApplySet. @default false */
  readonly adopt?: boolean;
  /** Wait for readiness between stages. @default true */
  readonly wait?: boolean;
  /** Objects applied at once within a stage. @default 8 */
  readonly concurrency?: number;
  /** Include field diffs in the changes. @default false */
  readonly diff?: boolean;
  readonly suppliedSecrets?: SuppliedValues;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Revisions kept in the cluster per instance (see revisions.ts); 0 records none. @default 10 */
  readonly revisionHistory?: number;
  /** Set by rollback: the revision this apply restores. */
  readonly rollbackOf?: number;
  /** Called with the instance's live objects, read once before anything is written; throwing refuses the apply (rollback's GitOps check). */
  readonly inspectLive?: (live: readonly ManifestObject[], instance: string) => void;
}

export interface ApplyResult {
  readonly changes: readonly Change[];
  readonly set: ApplySetRef;
  /** The recorded revision that describes what is now live (none for dry-runs or with revisionHistory 0). */
  readonly revision?: number;
}

const STAGE_NAMES: Record<ApplyStage, string> = {
  [ApplyStage.CLUSTER_DEFINITIONS]: 'namespaces and definitions',
  [ApplyStage.NAMESPACE_CONFIGURATION]: 'configuration',
  [ApplyStage.DATA]: 'data',
  [ApplyStage.MIGRATION]: 'migration',
  [ApplyStage.WORKLOADS]: 'workloads',
  [ApplyStage.EDGE]: 'edge',
};

/** Stages after which the applier waits: later stages depend on them being ready. */
const WAITED: ReadonlySet<ApplyStage> = new Set([ApplyStage.CLUSTER_DEFINITIONS, ApplyStage.DATA, ApplyStage.MIGRATION, ApplyStage.WORKLOADS, ApplyStage.EDGE]);

/** Applies, then records a revision: applied on success, failed (with the reason) once anything was written. */
export async function applyInstance(client: ObjectClient, input: ApplyInput, options: ApplyOptions = {}): Promise<ApplyResult> {
  const history = options.revisionHistory ?? DEFAULT_REVISION_HISTORY;
  if (options.dryRun || history <= 0) return applyObjects(client, input, options);
  // Refusals (foreign objects, missing secrets) come before the first stage: nothing was written, nothing to record.
  let started = false;
  const onProgress = (event: ProgressEvent) => {
    if (event.type === 'stage') started = true;
    options.onProgress?.(event);
  };
  const toRecord = prepareRevision(input);
  const record = { history, now: options.now, rollbackOf: options.rollbackOf };
  let result: ApplyResult;
  try {
    result = await applyObjects(client, input, { ...options, onProgress });
  } catch (error) {
    if (started) await recordRevision(client, input, { ...record, status: 'failed', message: (error as Error).message }, toRecord).catch(() => undefined);
    throw error;
  }
  const revision = await recordRevision(client, input, { ...record, status: 'applied' }, toRecord).catch((error: unknown) => {
    throw new SafetyError(`${input.instance} was applied, but its revision could not be recorded (history and rollback miss it): ${(error as Error).message}`);
  });
  return { ...result, revision: revision?.revision };
}

async function applyObjects(client: ObjectClient, input: ApplyInput, options: ApplyOptions): Promise<ApplyResult> {
  if (input.objects.length === 0) throw new SafetyError(`refusing to apply an empty set for ${input.instance}: that would prune everything it owns`);
  const set = applySetFor(input.instance, input.namespace);
  const emit = options.onProgress ?? (() => undefined);
  const changes: Change[] = [];
  const record = (change: Change) => {
    changes.push(change);
    emit({ type: 'change', change });
  };

  const secretPlans = await planSecrets(client, input.secrets ?? [], options.suppliedSecrets ?? {});
  const wanted = sortForApply(input.objects.map((object) => withMembership(object, set)));
  const live = await readLive(client, wanted, options.concurrency ?? 8);
  refuseForeignMembers(live, set, options.adopt ?? false);
  options.inspectLive?.([...live.values()].filter((object): object is ManifestObject => object !== undefined), input.instance);

  const parentRef = parentObject(set, { groupKinds: [], namespaces: [] });
  const previous = contentsFromParent(await client.get(parentRef));
  const next = contentsOf(wanted, set.namespace);

  const stages = [...new Set(wanted.map((o) => applyStage(o.kind)))].sort((a, b) => a - b);
  const creating = new Set(wanted.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  let prepared = false;
  // Once namespaces exist: the superset goes on record before any member is written (an interrupted
  // run never leaks an object), and the declared Secrets are created before anything reads them.
  const prepare = async () => {
    if (prepared) return;
    prepared = true;
    await writeParent(client, set, unionContents(previous, next), options, creating);
    for (const created of await createSecrets(client, secretPlans, options.dryRun ?? false, creating)) record({ subject: created, action: 'created', reason: 'declared secret' });
  };
  for (const stage of stages) {
    throwIfAborted(options.signal);
    const objects = wanted.filter((o) => applyStage(o.kind) === stage);
    emit({ type: 'stage', stage: STAGE_NAMES[stage], objects: objects.length });
    if (stage > ApplyStage.CLUSTER_DEFINITIONS) await prepare();
    const applied = await applyStageObjects(client, objects, live, options, record, creating);
    if (stage === ApplyStage.CLUSTER_DEFINITIONS) client.discovery.refresh();
    if (!options.dryRun && (options.wait ?? true) && WAITED.has(stage)) {
      await waitForObjects(client, applied, { ...options, onProgress: emit });
    }
  }
  await prepare();

  let kept: SetContents = next;
  if (options.prune) {
    const pruned = await pruneSet(client, set, unionContents(previous, next), wanted, options);
    pruned.changes.forEach(record);
    kept = unionContents(next, pruned.remaining);
  }
  // The exact set after prune; objects whose delete failed or were protected stay listed.
  await writeParent(client, set, options.prune ? kept : unionContents(previous, next), options, creating);
  return { changes, set };
}

/** Objects that allow being deleted and created again when an immutable field changes. */
export const RECREATE_ANNOTATION = 'saas-charts.io/recreate-on-immutable-change';

function recreatable(object: ManifestObject): boolean {
  return object.metadata.annotations?.[RECREATE_ANNOTATION] === 'true';
}

async function waitUntilGone(client: ObjectClient, object: ManifestObject, options: ApplyOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; attempt < 600; attempt++) {
    if (!(await client.get(object))) return;
    throwIfAborted(options.signal);
    await sleep(options.pollIntervalMs ?? 1000);
  }
  throw new SafetyError(`${describeObject(object)} is still being deleted; run again once it is gone`);
}

/** In a dry-run, objects in a namespace the set creates cannot be previewed by the server yet. */
function awaitsNamespace(object: ManifestObject, options: ApplyOptions, creating: ReadonlySet<string>): boolean {
  return (options.dryRun ?? false) && object.metadata.namespace !== undefined && creating.has(object.metadata.namespace) && object.kind !== 'Namespace';
}

async function applyStageObjects(
  client: ObjectClient,
  objects: readonly ManifestObject[],
  liveBefore: ReadonlyMap<ManifestObject, ManifestObject | undefined>,
  options: ApplyOptions,
  record: (change: Change) => void,
  creating: ReadonlySet<string>,
): Promise<AppliedObject[]> {
  const applied: AppliedObject[] = [];
  await inBatches(objects, options.concurrency ?? 8, async (object) => {
    throwIfAborted(options.signal);
    let live = liveBefore.has(object) ? liveBefore.get(object) : await client.get(object);
    const subject = describeObject(object);
    if (!live && awaitsNamespace(object, options, creating)) {
      record({ subject, action: 'created', reason: `dry-run; namespace ${object.metadata.namespace} is created first` });
      return;
    }
    let preview: ManifestObject;
    try {
      preview = await client.apply(object, { dryRun: true, force: options.forceConflicts });
    } catch (error) {
      if (!(error instanceof ImmutableFieldError) || !live || !recreatable(object)) throw error;
      // Opted in (a migration Job whose image changed): delete, then create anew.
      if (!options.dryRun) {
        await client.delete(live, { propagation: 'Foreground' });
        await waitUntilGone(client, object, options);
      }
      const result = options.dryRun ? object : await client.apply(object, { force: options.forceConflicts });
      record({ subject, action: 'configured', reason: `recreated: ${error.fields.join(', ') || 'an immutable field'} changed${options.dryRun ? ' (dry-run)' : ''}` });
      applied.push({ object: result, changed: true });
      return;
    }
    // A dry-run does not change the resourceVersion: if it differs from what was read, the
    // object changed since (a controller, another client), so compare with it as it is now.
    if (live && resourceVersionOf(preview) !== resourceVersionOf(live)) live = await client.get(object);
    if (live && sameContent(live, preview)) {
      record({ subject, action: 'unchanged' });
      applied.push({ object: live, changed: false });
      return;
    }
    const diff = options.diff && live ? diffObjects(live, preview, object.kind === 'Secret') : undefined;
    const result = options.dryRun ? preview : await client.apply(object, { force: options.forceConflicts });
    record({ subject, action: live ? 'configured' : 'created', reason: options.dryRun ? 'dry-run' : undefined, diff });
    applied.push({ object: result, changed: true });
  });
  return applied;
}

/** Records the inventory on the parent Secret, unless it already says exactly that (a re-apply writes nothing). */
async function writeParent(client: ObjectClient, set: ApplySetRef, contents: SetContents, options: ApplyOptions, creating: ReadonlySet<string>): Promise<void> {
  if (options.dryRun && creating.has(set.namespace)) return;
  const wanted = parentObject(set, contents);
  const live = await client.get(wanted);
  const same = (key: string) => live?.metadata.annotations?.[key] === wanted.metadata.annotations?.[key];
  if (live && live.metadata.labels?.[ID_LABEL] === set.id && [GROUP_KINDS_ANNOTATION, NAMESPACES_ANNOTATION, TOOLING_ANNOTATION].every(same)) return;
  await client.apply(wanted, { dryRun: options.dryRun, force: true });
}

/**
 * The live state of every wanted object, read once (in parallel) before
 * anything is written: the foreign-owner check and the change check of each
 * stage both use it, so each object costs one GET, not two. An object whose
 * kind the cluster does not serve yet (its CRD is in this same set) cannot
 * exist: it is left out, and its stage reads it after the CRDs are in.
 */
async function readLive(client: ObjectClient, objects: readonly ManifestObject[], concurrency: number): Promise<Map<ManifestObject, ManifestObject | undefined>> {
  const live = new Map<ManifestObject, ManifestObject | undefined>();
  await inBatches(objects, concurrency, async (object) => {
    try {
      live.set(object, await client.get(object));
    } catch (error) {
      if (!(error instanceof UnknownKindError)) throw error;
    }
  });
  return live;
}

function resourceVersionOf(object: ManifestObject): unknown {
  return (object.metadata as { resourceVersion?: string }).resourceVersion;
}

/** An object carrying another set's id belongs to someone else: refused unless adopted. */
function refuseForeignMembers(live: ReadonlyMap<ManifestObject, ManifestObject | undefined>, set: ApplySetRef, adopt: boolean): void {
  if (adopt) return;
  const foreign: string[] = [];
  for (const [object, current] of live) {
    const owner = current?.metadata.labels?.[PART_OF_LABEL];
    if (owner && owner !== set.id) foreign.push(`${describeObject(object)} (set ${owner})`);
  }
  if (foreign.length > 0) throw new SafetyError(`refusing to take over objects of another ApplySet: ${foreign.sort().join(', ')}; pass --adopt to take them`);
}

export async function inBatches<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(workers);
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SafetyError('interrupted; the inventory lists everything applied so far, so running again converges');
}
