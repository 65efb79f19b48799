/**
 * Revision history of a chart instance, kept in the cluster so every operator
 * sees the same one: one ConfigMap per revision in the instance's namespace
 * (`{instance}-revision-{n}`), labelled with the ApplySet id, holding the
 * applied objects as gzipped JSON. Like Helm's per-release-revision objects:
 * each write is small and independent (no read-modify-write of a growing
 * object), each revision has the whole 1 MiB object limit to itself (a tenant
 * is about 4 KB compressed), and trimming history is a delete. Secrets are
 * never stored: Secret objects are left out (named only) and declared Secrets
 * are kept as declarations (names and keys, no values).
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ManifestObject } from '../../constructs/index.js';
import { ExitCode, SaasChartsError } from '../errors.js';
import { applySetFor } from './applyset.js';
import { describeObject } from './discovery.js';
import { libraryVersion } from '../library-version.js';
import type { ObjectClient } from './objects.js';
import type { SecretDeclaration } from './secrets.js';

/** Value: the ApplySet id of the instance (instance names can exceed a label value's 63 characters). */
export const REVISION_OF_LABEL = 'saas-charts.io/revision-of';
export const REVISION_LABEL = 'saas-charts.io/revision';
export const REVISION_STATUS_LABEL = 'saas-charts.io/revision-status';
const ANNOTATION = {
  instance: 'saas-charts.io/instance',
  appliedAt: 'saas-charts.io/applied-at',
  libraryVersion: 'saas-charts.io/library-version',
  digest: 'saas-charts.io/digest',
  message: 'saas-charts.io/message',
  rollbackOf: 'saas-charts.io/rollback-of',
  objectCount: 'saas-charts.io/object-count',
  omittedSecrets: 'saas-charts.io/omitted-secrets',
} as const;
const PAYLOAD_KEY = 'objects.json.gz';

/** Revisions kept per instance; older ones are deleted as new ones are recorded. */
export const DEFAULT_REVISION_HISTORY = 10;
/** The API server refuses objects over 1 MiB (etcd's request limit); metadata and base64 need the rest. */
export const MAX_REVISION_PAYLOAD_BYTES = 700 * 1024;

export type RevisionStatus = 'applied' | 'failed';

export interface RevisionRecord {
  readonly instance: string;
  readonly namespace: string;
  readonly revision: number;
  /** ISO time of the apply (the injectable clock). */
  readonly appliedAt: string;
  /** package.json version of saas-charts that applied it. */
  readonly libraryVersion: string;
  readonly status: RevisionStatus;
  /** Why a failed apply failed (first line). */
  readonly message?: string;
  /** Set when this revision was a rollback to an earlier one. */
  readonly rollbackOf?: number;
  /** sha256 of the stored payload: equal digests, identical objects. */
  readonly digest: string;
  readonly objectCount: number;
  /** Secret objects of the set, named but never stored. */
  readonly omittedSecrets: readonly string[];
  /** The ConfigMap that holds it. */
  readonly configMap: string;
}

export interface Revision extends RevisionRecord {
  readonly objects: readonly ManifestObject[];
  readonly secrets: readonly SecretDeclaration[];
}

export interface RecordInput {
  readonly instance: string;
  readonly namespace: string;
  readonly objects: readonly ManifestObject[];
  readonly secrets?: readonly SecretDeclaration[];
}

export interface RecordOptions {
  /** Revisions kept; 0 records nothing. @default 10 (DEFAULT_REVISION_HISTORY) */
  readonly history?: number;
  /** @default Date.now */
  readonly now?: () => number;
  readonly status: RevisionStatus;
  readonly message?: string;
  readonly rollbackOf?: number;
}

export class RevisionError extends SaasChartsError {
  constructor(message: string, exitCode: number = ExitCode.BAD_INPUT) {
    super('usage', message, exitCode);
  }
}

/** What a revision stores: Secret objects left out, declared Secrets without values. */
export function revisionPayload(input: Pick<RecordInput, 'objects' | 'secrets'>): { json: string; omittedSecrets: string[]; objectCount: number } {
  const objects = input.objects.filter((object) => object.kind !== 'Secret');
  const omittedSecrets = input.objects.filter((object) => object.kind === 'Secret').map(describeObject);
  const secrets = (input.secrets ?? []).map((s) => ({ name: s.name, namespace: s.namespace, keys: s.keys.map((k) => ({ ...k })) }));
  return { json: JSON.stringify({ objects, secrets }), omittedSecrets, objectCount: objects.length };
}

/** A revision ready to record: serialized, digested and compressed once, before the apply it records. */
export interface PreparedRevision {
  readonly digest: string;
  readonly payload: Buffer;
  readonly omittedSecrets: readonly string[];
  readonly objectCount: number;
}

/**
 * Prepares the revision of `input`, refusing before anything is applied an
 * instance too large to record (the apply would otherwise succeed and then
 * fail to record its revision).
 */
export function prepareRevision(input: RecordInput): PreparedRevision {
  const { json, omittedSecrets, objectCount } = revisionPayload(input);
  const payload = gzipSync(json);
  if (payload.length > MAX_REVISION_PAYLOAD_BYTES) {
    throw new RevisionError(`${input.instance}: its revision would be ${payload.length} bytes compressed, over the ${MAX_REVISION_PAYLOAD_BYTES}-byte limit of one ConfigMap; nothing was applied. Split the instance, or apply it without history (the library's revisionHistory: 0)`);
  }
  return { digest: createHash('sha256').update(json).digest('hex'), payload, omittedSecrets, objectCount };
}

export function revisionName(instance: string, revision: number): string {
  const suffix = `-revision-${revision}`;
  return `${instance.slice(0, 253 - suffix.length)}${suffix}`;
}

/** Creates that found their number taken before recording gives up; each one reads the history again. */
export const RECORD_ATTEMPTS = 5;

/**
 * Records an apply. A re-apply of exactly the newest applied revision records
 * nothing (re-runs stay quiet); returns the revision that describes the live state.
 * Concurrent applies of one instance each claim the next number with a
 * create: the loser of a number (409 AlreadyExists) reads the history again
 * and takes the next one, so no record overwrites another.
 */
export async function recordRevision(client: ObjectClient, input: RecordInput, options: RecordOptions, prepared?: PreparedRevision): Promise<RevisionRecord | undefined> {
  const history = options.history ?? DEFAULT_REVISION_HISTORY;
  if (history <= 0) return undefined;
  const { digest, payload, omittedSecrets, objectCount } = prepared ?? prepareRevision(input);
  const set = applySetFor(input.instance, input.namespace);
  const appliedAt = new Date((options.now ?? Date.now)()).toISOString();
  const recordAs = (revision: number): RevisionRecord => ({
    instance: input.instance,
    namespace: input.namespace,
    revision,
    appliedAt,
    libraryVersion: libraryVersion(),
    status: options.status,
    message: options.message?.split('\n')[0].slice(0, 1000),
    rollbackOf: options.rollbackOf,
    digest,
    objectCount,
    omittedSecrets,
    configMap: revisionName(input.instance, revision),
  });
  let taken: number | undefined;
  for (let attempt = 1; attempt <= RECORD_ATTEMPTS; attempt++) {
    const existing = await listRevisions(client, input.instance, input.namespace);
    // The transport retries a create whose answer was lost; its 409 then names our own record.
    const own = taken === undefined ? undefined : existing.find((r) => r.revision === taken && sameRecord(r, recordAs(taken)));
    if (own) return trimmed(client, own, existing, history);
    const newest = existing.at(-1);
    if (newest && newest.digest === digest && newest.status === 'applied' && options.status === 'applied' && options.rollbackOf === undefined) return newest;
    const record = recordAs((newest?.revision ?? 0) + 1);
    if (await client.create(toConfigMap(record, set.id, payload))) return trimmed(client, record, [...existing, record], history);
    taken = record.revision;
  }
  throw new RevisionError(`${input.instance}: revision ${taken} was taken by another apply ${RECORD_ATTEMPTS} times in a row; nothing was recorded. Run it again once the other applies of ${input.instance} are done`, ExitCode.FAILURE);
}

/** Same apply, same record: what a retried create of ours would have left. */
function sameRecord(a: RevisionRecord, b: RevisionRecord): boolean {
  return a.digest === b.digest && a.status === b.status && a.appliedAt === b.appliedAt && a.rollbackOf === b.rollbackOf && a.message === b.message;
}

/**
 * Deletes the oldest revisions beyond the cap, from the history as read just
 * before `record` was created (a failed delete is retried on the next record).
 * Racing writers each trim from their own read: deletes of the same old
 * revision are harmless, and none reaches a revision newer than its own.
 */
async function trimmed(client: ObjectClient, record: RevisionRecord, all: readonly RevisionRecord[], history: number): Promise<RevisionRecord> {
  for (const old of all.filter((r) => r.revision < record.revision).slice(0, Math.max(0, all.length - history))) {
    await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: old.configMap, namespace: record.namespace } }).catch(() => false);
  }
  return record;
}

/** Every recorded revision of an instance, oldest first. */
export async function listRevisions(client: ObjectClient, instance: string, namespace: string): Promise<RevisionRecord[]> {
  const set = applySetFor(instance, namespace);
  const items = await client.list('v1', 'ConfigMap', namespace, `${REVISION_OF_LABEL}=${set.id}`);
  return items.map(fromConfigMap).filter((r): r is RevisionRecord => r !== undefined).sort((a, b) => a.revision - b.revision);
}

/**
 * One revision with its objects, as recorded: what `history` lists under the instance (its
 * ApplySet id label); a RevisionError naming the revisions there are when it does not exist.
 * Whether its objects are the instance's to apply is rollback's check (rollback-scope.ts).
 */
export async function readRevision(client: ObjectClient, instance: string, namespace: string, revision: number): Promise<Revision> {
  const live = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: revisionName(instance, revision), namespace } });
  const record = live ? fromConfigMap(live) : undefined;
  // Another instance's revision can share the name (long names are cut to fit); its label says whose it is.
  if (!live || !record || live.metadata.labels?.[REVISION_OF_LABEL] !== applySetFor(instance, namespace).id) {
    const known = (await listRevisions(client, instance, namespace)).map((r) => r.revision);
    throw new RevisionError(`${instance} has no revision ${revision}; recorded: ${known.join(', ') || 'none'}`);
  }
  const data = (live as unknown as { binaryData?: Record<string, string> }).binaryData?.[PAYLOAD_KEY];
  if (!data) throw new RevisionError(`${record.configMap} holds no ${PAYLOAD_KEY}`, ExitCode.FAILURE);
  const json = gunzipSync(Buffer.from(data, 'base64')).toString('utf8');
  // A checksum against corruption and careless edits, not a signature: whoever may write ConfigMaps in
  // the namespace can write a consistent revision, so revisions are as trusted as that RBAC.
  if (createHash('sha256').update(json).digest('hex') !== record.digest) throw new RevisionError(`${record.configMap}: stored objects do not match the recorded digest (the ConfigMap was changed or damaged); roll back to another revision, see saas-charts history`, ExitCode.FAILURE);
  const parsed = JSON.parse(json) as { objects: ManifestObject[]; secrets: SecretDeclaration[] };
  return { ...record, objects: parsed.objects, secrets: parsed.secrets };
}

function toConfigMap(record: RevisionRecord, setId: string, payload: Buffer): ManifestObject {
  const annotations: Record<string, string> = {
    [ANNOTATION.instance]: record.instance,
    [ANNOTATION.appliedAt]: record.appliedAt,
    [ANNOTATION.libraryVersion]: record.libraryVersion,
    [ANNOTATION.digest]: record.digest,
    [ANNOTATION.objectCount]: String(record.objectCount),
  };
  if (record.message) annotations[ANNOTATION.message] = record.message;
  if (record.rollbackOf !== undefined) annotations[ANNOTATION.rollbackOf] = String(record.rollbackOf);
  if (record.omittedSecrets.length > 0) annotations[ANNOTATION.omittedSecrets] = record.omittedSecrets.join(',');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: record.configMap,
      namespace: record.namespace,
      labels: {
        'app.kubernetes.io/managed-by': 'saas-charts',
        [REVISION_OF_LABEL]: setId,
        [REVISION_LABEL]: String(record.revision),
        [REVISION_STATUS_LABEL]: record.status,
      },
      annotations,
    },
    // Immutable: a revision is a record, never edited (and the kubelet need not watch it).
    immutable: true,
    binaryData: { [PAYLOAD_KEY]: payload.toString('base64') },
  };
}

function fromConfigMap(object: ManifestObject): RevisionRecord | undefined {
  const labels = object.metadata.labels ?? {};
  const annotations = object.metadata.annotations ?? {};
  const revision = Number(labels[REVISION_LABEL]);
  const instance = annotations[ANNOTATION.instance];
  if (!Number.isInteger(revision) || revision < 1 || !instance) return undefined;
  const rollbackOf = annotations[ANNOTATION.rollbackOf];
  return {
    instance,
    namespace: object.metadata.namespace ?? '',
    revision,
    appliedAt: annotations[ANNOTATION.appliedAt] ?? '',
    libraryVersion: annotations[ANNOTATION.libraryVersion] ?? '',
    status: labels[REVISION_STATUS_LABEL] === 'failed' ? 'failed' : 'applied',
    message: annotations[ANNOTATION.message],
    rollbackOf: rollbackOf === undefined ? undefined : Number(rollbackOf),
    digest: annotations[ANNOTATION.digest] ?? '',
    objectCount: Number(annotations[ANNOTATION.objectCount] ?? 0),
    omittedSecrets: annotations[ANNOTATION.omittedSecrets]?.split(',').filter(Boolean) ?? [],
    configMap: object.metadata.name,
  };
}
