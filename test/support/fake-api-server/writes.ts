/**
 * Create, update (PUT), patch and server-side apply, each through the API server's steps:
 * decode and check the body, admit it (namespace exists and is not terminating), keep
 * system fields, reset status (or everything but status for `/status`), default, check
 * immutable fields, record field ownership, bump generation, skip no-op writes, store
 * unless dry-run.
 */
import { parseYamlBody } from './yaml-body.js';
import { metadataOf, nameOf, nameSuffix, newUid, storeKey, timestamp, withTypeMeta, type ClusterState } from './cluster-state.js';
import { applyDefaults, initialStatus } from './defaults.js';
import { dropFields, strictDecodingError, typedPatchError, typedPatchFailure, unknownFieldPaths, unknownFieldWarnings, type FieldValidation } from './field-validation.js';
import { immutableFieldErrors } from './immutable-fields.js';
import { clone, deepEqual, isObject, stringAt, withoutNulls, type Json, type JsonObject } from './json.js';
import { decodeManagedFields, encodeManagedFields, managersFromRequest, recordUpdate, serverSideApply, type Managers, type Scope } from './managed-fields.js';
import { jsonPatch, mergePatch, strategicMergePatch } from './patches.js';
import { apiVersionOf, type ResourceType } from './resource-types.js';
import { alreadyExists, badRequest, conflict, forbidden, invalid, notFound, unsupportedMediaType, type FieldError } from './status-errors.js';
import { TypedValueError } from './typed-values.js';
import { pathString } from './field-set.js';
import type { Shape } from './shapes.js';

export interface WriteOptions {
  readonly dryRun: boolean;
  /** The `fieldManager` parameter; without it the manager is named after the User-Agent. */
  readonly fieldManager: string | undefined;
  readonly userAgent: string | undefined;
  readonly fieldValidation: FieldValidation;
  readonly force: boolean;
  readonly subresource: 'status' | undefined;
}

export interface WriteResult {
  readonly object: JsonObject;
  readonly created: boolean;
  readonly warnings: readonly string[];
}

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SYSTEM_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const;

/** `kubectl/v1.28 (linux/amd64)` -> `kubectl`, as the API server names a manager without `fieldManager`. */
function managerName(options: WriteOptions): string {
  if (options.fieldManager !== undefined && options.fieldManager !== '') return options.fieldManager;
  const agent = options.userAgent ?? '';
  return agent.split('/')[0].slice(0, 128) || 'unknown';
}

function scopeOf(type: ResourceType, subresource: 'status' | undefined): Scope {
  if (subresource === 'status') return 'status';
  return type.statusSubresource ? 'main-with-status-subresource' : 'whole';
}

// ---------------------------------------------------------------- checks

function checkTypeMeta(type: ResourceType, body: JsonObject): void {
  if (body.kind === undefined || body.kind === '') throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
  if (body.apiVersion !== apiVersionOf(type)) throw badRequest(`the API version in the data (${String(body.apiVersion ?? '')}) does not match the expected API version (${apiVersionOf(type)})`);
  if (body.kind !== type.kind) throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${type.kind})`);
}

function checkNamespace(type: ResourceType, body: JsonObject, namespace: string): void {
  const metadata = metadataOf(body);
  if (!type.namespaced) {
    delete metadata.namespace;
    return;
  }
  const given = stringAt(body, 'metadata', 'namespace');
  if (given !== undefined && given !== '' && given !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  metadata.namespace = namespace;
}

function checkName(body: JsonObject, name: string): void {
  const given = stringAt(body, 'metadata', 'name');
  if (given !== undefined && given !== '' && given !== name) throw badRequest(`the name of the object (${given}) does not match the name on the URL (${name})`);
  metadataOf(body).name = name;
}

function validateName(type: ResourceType, object: JsonObject): void {
  const name = nameOf(object);
  const errors: FieldError[] = [];
  const label = type.kind === 'Namespace' || type.kind === 'Service';
  if (name === '') errors.push({ type: 'FieldValueRequired', field: 'metadata.name', detail: 'Required value: name or generateName is required' });
  else if (label ? !DNS_LABEL.test(name) || name.length > 63 : !DNS_SUBDOMAIN.test(name) || name.length > 253) {
    const what = label ? 'a lowercase RFC 1123 label' : 'a lowercase RFC 1123 subdomain';
    const rule = label
      ? "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
      : "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    errors.push({ type: 'FieldValueInvalid', field: 'metadata.name', detail: `Invalid value: ${JSON.stringify(name)}: ${what} ${rule}` });
  }
  if (errors.length > 0) throw invalid(type, name, errors);
}

/** NamespaceLifecycle admission: new content needs a namespace that exists and is not being deleted. */
export function admitCreate(state: ClusterState, type: ResourceType, namespace: string, name: string): void {
  if (!type.namespaced) return;
  const namespaceType = state.registry.byKind('v1', 'Namespace')!;
  const stored = state.store.get(storeKey(namespaceType, '', namespace));
  if (!stored) throw notFound(namespaceType, namespace);
  if (stringAt(stored, 'status', 'phase') === 'Terminating' || stringAt(stored, 'metadata', 'deletionTimestamp') !== undefined) {
    throw forbidden(type, name, `unable to create new content in namespace ${namespace} because it is being terminated`, [
      { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' },
    ]);
  }
}

function unknownFields(state: ClusterState, type: ResourceType, object: JsonObject, validation: FieldValidation, wrapped: boolean): string[] {
  const paths = unknownFieldPaths(state.registry, type, object);
  if (paths.length === 0) return [];
  if (validation === 'Strict') throw strictDecodingError(type, paths, wrapped);
  dropFields(object, paths);
  return validation === 'Warn' ? unknownFieldWarnings(paths) : [];
}

// ---------------------------------------------------------------- shared steps

/**
 * The object the API server would store: system metadata carried over (or minted), status
 * reset for main-resource writes, everything but status reset for `/status`, defaults.
 */
function prepare(state: ClusterState, type: ResourceType, live: JsonObject | undefined, next: JsonObject, subresource: 'status' | undefined): JsonObject {
  let object = clone(next);
  if (subresource === 'status' && live) object = { ...clone(live), status: clone(next.status ?? {}) };
  const metadata = metadataOf(object);
  for (const field of SYSTEM_METADATA) delete metadata[field];
  if (live) {
    const liveMetadata = metadataOf(live);
    for (const field of SYSTEM_METADATA) if (liveMetadata[field] !== undefined) metadata[field] = clone(liveMetadata[field]);
  } else {
    metadata.uid = newUid();
    metadata.creationTimestamp = timestamp(state.now());
  }
  if (subresource !== 'status' && type.statusSubresource) {
    const status = live ? live.status : initialStatus(type);
    if (status === undefined) delete object.status;
    else object.status = clone(status);
  }
  return applyDefaults(type, object, { live, allocateClusterIP: () => state.allocateClusterIP() });
}

function generationChanged(type: ResourceType, live: JsonObject, next: JsonObject): boolean {
  if (type.definedBy === undefined) return !deepEqual(live.spec, next.spec);
  const strip = (object: JsonObject): JsonObject => {
    const { metadata: _metadata, status, ...rest } = object;
    return type.statusSubresource ? rest : { ...rest, status: status ?? null };
  };
  return !deepEqual(strip(live), strip(next));
}

function setGeneration(type: ResourceType, live: JsonObject | undefined, next: JsonObject): void {
  const metadata = metadataOf(next);
  if (!type.tracksGeneration) {
    delete metadata.generation;
    return;
  }
  const current = live ? Number(metadataOf(live).generation ?? 1) : 0;
  metadata.generation = live === undefined ? 1 : generationChanged(type, live, next) ? current + 1 : current;
}

function withoutManagedFields(object: JsonObject): JsonObject {
  const copy = clone(object);
  delete metadataOf(copy).managedFields;
  return copy;
}

function withManagedFields(object: JsonObject, managers: Managers): JsonObject {
  const copy = clone(object);
  const encoded = encodeManagedFields(managers);
  const metadata = metadataOf(copy);
  if (encoded.length > 0) metadata.managedFields = encoded;
  else delete metadata.managedFields;
  return copy;
}

/** Stores the object (new resourceVersion) unless dry-run or unchanged; removes it when its last finalizer went. */
function commit(state: ClusterState, type: ResourceType, live: JsonObject | undefined, candidate: JsonObject, dryRun: boolean): JsonObject {
  const next = withTypeMeta(type, candidate);
  const metadata = metadataOf(next);
  if (live && deepEqual(live, next)) return live;
  if (dryRun) {
    if (!live) delete metadata.resourceVersion;
    return next;
  }
  metadata.resourceVersion = state.store.nextResourceVersion();
  const stored = next;
  const finalizers = metadata.finalizers;
  if (live && metadata.deletionTimestamp !== undefined && (!Array.isArray(finalizers) || finalizers.length === 0)) {
    state.store.remove(storeKey(type, stringAt(next, 'metadata', 'namespace') ?? '', nameOf(next)));
    state.notify({ kind: 'deleted', type, object: stored, previous: live });
    return stored;
  }
  state.store.put(type.group, type.resource, stored);
  state.notify({ kind: live ? 'updated' : 'created', type, object: stored, previous: live });
  return stored;
}

// ---------------------------------------------------------------- Update operations

interface UpdateInput {
  readonly type: ResourceType;
  readonly namespace: string;
  readonly live: JsonObject | undefined;
  /** The requested object (body, or live with the patch applied). */
  readonly requested: JsonObject;
  readonly options: WriteOptions;
  readonly wrappedDecodingErrors: boolean;
}

function updateOperation(state: ClusterState, input: UpdateInput): WriteResult {
  const { type, live, options } = input;
  const requested = clone(input.requested);
  const warnings = unknownFields(state, type, requested, options.fieldValidation, input.wrappedDecodingErrors);
  const liveManagers = decodeManagedFields(live ? metadataOf(live).managedFields : undefined);
  const managers = managersFromRequest(metadataOf(requested).managedFields, liveManagers);
  delete metadataOf(requested).managedFields;

  if (!live) {
    const metadata = metadataOf(requested);
    if ((metadata.name === undefined || metadata.name === '') && typeof metadata.generateName === 'string' && metadata.generateName !== '') metadata.name = `${metadata.generateName}${nameSuffix()}`;
    validateName(type, requested);
    admitCreate(state, type, input.namespace, nameOf(requested));
    if (state.store.has(storeKey(type, input.namespace, nameOf(requested)))) throw alreadyExists(type, nameOf(requested));
  }
  const next = prepare(state, type, live ? withoutManagedFields(live) : undefined, requested, options.subresource);
  if (live) {
    const errors = immutableFieldErrors(type, live, next);
    if (errors.length > 0) throw invalid(type, nameOf(next), errors);
  }
  setGeneration(type, live, next);
  const shape = state.registry.shapeOf(type);
  const recorded = recordUpdate({
    live: live ? withoutManagedFields(live) : undefined,
    next,
    managers,
    manager: managerName(options),
    apiVersion: apiVersionOf(type),
    ...(options.subresource ? { subresource: options.subresource } : {}),
    scope: scopeOf(type, options.subresource),
    shape,
    now: timestamp(state.now()),
    typedStructs: type.definedBy === undefined,
  });
  const object = commit(state, type, live, withManagedFields(next, recorded), options.dryRun);
  return { object, created: !live, warnings };
}

function decodeBody(raw: string): JsonObject {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    try {
      body = parseYamlBody(raw);
    } catch (error) {
      throw badRequest(`error decoding body: ${(error as Error).message}`);
    }
  }
  if (!isObject(body)) throw badRequest(`Object 'Kind' is missing in '${raw.slice(0, 200)}'`);
  return body;
}

export function create(state: ClusterState, type: ResourceType, namespace: string, rawBody: string, options: WriteOptions): WriteResult {
  const body = decodeBody(rawBody);
  checkTypeMeta(type, body);
  checkNamespace(type, body, namespace);
  return updateOperation(state, { type, namespace, live: undefined, requested: body, options, wrappedDecodingErrors: true });
}

export function replace(state: ClusterState, type: ResourceType, namespace: string, name: string, rawBody: string, options: WriteOptions): WriteResult {
  const body = decodeBody(rawBody);
  checkTypeMeta(type, body);
  checkNamespace(type, body, namespace);
  checkName(body, name);
  const live = state.store.get(storeKey(type, namespace, name));
  if (!live) throw notFound(type, name);
  const expected = stringAt(body, 'metadata', 'resourceVersion');
  if (expected !== undefined && expected !== '' && expected !== stringAt(live, 'metadata', 'resourceVersion')) throw conflict(type, name);
  return updateOperation(state, { type, namespace, live, requested: body, options, wrappedDecodingErrors: true });
}

export function patch(state: ClusterState, type: ResourceType, namespace: string, name: string, contentType: string, rawBody: string, options: WriteOptions): WriteResult {
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  const accepted = type.definedBy === undefined ? [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.apply, PATCH_TYPES.strategic] : [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.apply];
  if (!(accepted as string[]).includes(mediaType)) throw unsupportedMediaType(accepted);
  if (options.force && mediaType !== PATCH_TYPES.apply) throw badRequest('force is only allowed for apply patches');
  if (mediaType === PATCH_TYPES.apply) return apply(state, type, namespace, name, rawBody, options);

  const live = state.store.get(storeKey(type, namespace, name));
  if (!live) throw notFound(type, name);
  let patchBody: Json;
  try {
    patchBody = JSON.parse(rawBody) as Json;
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
  const shape = state.registry.shapeOf(type);
  const requested = patchedObject(mediaType, live, patchBody, shape);
  checkName(requested, name);
  if (type.namespaced && stringAt(requested, 'metadata', 'namespace') !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  const expected = stringAt(requested, 'metadata', 'resourceVersion');
  if (expected !== undefined && expected !== stringAt(live, 'metadata', 'resourceVersion')) throw conflict(type, name);
  return updateOperation(state, { type, namespace, live, requested: withTypeMeta(type, requested), options, wrappedDecodingErrors: false });
}

function patchedObject(mediaType: string, live: JsonObject, patchBody: Json, shape: Shape): JsonObject {
  if (mediaType === PATCH_TYPES.json) return jsonPatch(live, patchBody);
  if (!isObject(patchBody)) throw badRequest('a merge patch must be a JSON object');
  const result = mediaType === PATCH_TYPES.merge ? mergePatch(live, patchBody) : strategicMergePatch(live, patchBody, shape);
  return result as JsonObject;
}

// ---------------------------------------------------------------- server-side apply

function apply(state: ClusterState, type: ResourceType, namespace: string, name: string, rawBody: string, options: WriteOptions): WriteResult {
  if (options.fieldManager === undefined || options.fieldManager === '') throw badRequest('PATCH, application/apply-patch+yaml: fieldManager is required for apply requests');
  let parsed: unknown;
  try {
    parsed = parseYamlBody(rawBody);
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw badRequest('error decoding YAML: the applied configuration is not an object');
  const config = withoutNulls(parsed) as JsonObject;
  if (config.apiVersion !== apiVersionOf(type)) throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${String(config.apiVersion ?? '')}, expected: ${apiVersionOf(type)}`);
  if (config.kind !== type.kind) throw badRequest(`Incorrect kind specified in apply patch. Specified patch kind: ${String(config.kind ?? '')}, expected: ${type.kind}`);
  const metadata = metadataOf(config);
  if (metadata.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
  checkName(config, name);
  checkNamespace(type, config, namespace);

  const shape = state.registry.shapeOf(type);
  const unknown = unknownFieldPaths(state.registry, type, config);
  if (unknown.length > 0) throw typedPatchError(type, shape, config, unknown);

  const live = state.store.get(storeKey(type, namespace, name));
  const expected = stringAt(config, 'metadata', 'resourceVersion');
  if (live && expected !== undefined && expected !== stringAt(live, 'metadata', 'resourceVersion')) throw conflict(type, name);
  for (const field of SYSTEM_METADATA) delete metadata[field];
  if (!live) {
    validateName(type, config);
    admitCreate(state, type, namespace, name);
  }
  const liveObject = live ? withoutManagedFields(live) : undefined;
  let result;
  try {
    result = serverSideApply({
      live: liveObject,
      config,
      managers: decodeManagedFields(live ? metadataOf(live).managedFields : undefined),
      force: options.force,
      manager: options.fieldManager,
      apiVersion: apiVersionOf(type),
      ...(options.subresource ? { subresource: options.subresource } : {}),
      scope: scopeOf(type, options.subresource),
      shape,
      now: timestamp(state.now()),
      finish: (merged) => prepare(state, type, liveObject, withTypeMeta(type, merged), options.subresource),
    });
  } catch (error) {
    if (error instanceof TypedValueError) throw typedPatchFailure(type, config, `${pathString(error.path)}: ${error.detail}`);
    throw error;
  }
  const next = result.object;
  if (live) {
    const errors = immutableFieldErrors(type, live, next);
    if (errors.length > 0) throw invalid(type, name, errors);
  }
  setGeneration(type, liveObject, next);
  const object = commit(state, type, live, withManagedFields(next, result.managers), options.dryRun);
  return { object, created: !live, warnings: [] };
}

/** Writes a new status through `/status` as a controller would (operation Update). */
export function writeStatus(state: ClusterState, type: ResourceType, namespace: string, name: string, status: JsonObject, manager: string): JsonObject {
  const live = state.store.get(storeKey(type, namespace, name));
  if (!live) throw notFound(type, name);
  const requested = { ...clone(live), status };
  const options: WriteOptions = { dryRun: false, fieldManager: manager, userAgent: undefined, fieldValidation: 'Ignore', force: false, subresource: type.statusSubresource ? 'status' : undefined };
  return updateOperation(state, { type, namespace, live, requested, options, wrappedDecodingErrors: false }).object;
}

/** Changes the main resource as a controller would (operation Update), e.g. a PVC's volumeName. */
export function writeObject(state: ClusterState, type: ResourceType, namespace: string, name: string, change: (object: JsonObject) => void, manager: string): JsonObject {
  const live = state.store.get(storeKey(type, namespace, name));
  if (!live) throw notFound(type, name);
  const requested = clone(live);
  change(requested);
  const options: WriteOptions = { dryRun: false, fieldManager: manager, userAgent: undefined, fieldValidation: 'Ignore', force: false, subresource: undefined };
  return updateOperation(state, { type, namespace, live, requested, options, wrappedDecodingErrors: false }).object;
}
