/**
 * Field ownership (`metadata.managedFields`) and server-side apply, after
 * structured-merge-diff `merge/update.go` and apiserver `managedfields/internal`:
 * - Apply: the manager owns exactly the fields of its configuration; fields it applied last
 *   time and no one else owns are removed; a field another manager owns whose value would
 *   change is a conflict (409) unless forced, and forcing takes it over.
 * - Update (create, PUT, other patches): the manager gains every field it changed, everyone
 *   else loses them.
 * - A manager's `time` moves only when its operation changed the object.
 */
import { FieldSet, pathString, type FieldPath } from './field-set.js';
import { deepEqual, isObject, type Json, type JsonObject } from './json.js';
import type { Shape } from './shapes.js';
import { applyConflict, badRequest, type ApiError, type StatusCause } from './status-errors.js';
import { compare, merge, removePaths, toFieldSet, withoutAddedStructs, type Comparison } from './typed-values.js';

export type Operation = 'Apply' | 'Update';

export interface ManagerEntry {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  readonly subresource?: string;
  readonly time?: string;
  readonly fields: FieldSet;
}

/** Entries by manager identifier (manager, operation, subresource and, for Update, apiVersion). */
export type Managers = Map<string, ManagerEntry>;

function identifier(entry: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([entry.manager, entry.operation, entry.operation === 'Update' ? entry.apiVersion : '', entry.subresource ?? '']);
}

/** The fields the API server never records as owned (StripMetaManager). */
const STRIPPED = FieldSet.of(
  [['apiVersion'], ['kind'], ['metadata'], ['metadata', 'name'], ['metadata', 'namespace'], ['metadata', 'creationTimestamp'], ['metadata', 'selfLink'], ['metadata', 'uid'], ['metadata', 'clusterName'], ['metadata', 'generation'], ['metadata', 'managedFields'], ['metadata', 'resourceVersion']].map((path) => path.map((name) => `f:${name}`)),
);
const STATUS = FieldSet.of([['f:status']]);

/** Which part of the object an operation may own: all but status, only status, or everything. */
export type Scope = 'main-with-status-subresource' | 'status' | 'whole';

function inScope(set: FieldSet, scope: Scope): FieldSet {
  const stripped = set.difference(STRIPPED);
  if (scope === 'main-with-status-subresource') return stripped.recursiveDifference(STATUS);
  if (scope === 'status') return stripped.within(['f:status']);
  return stripped;
}

function comparisonInScope(comparison: Comparison, scope: Scope): Comparison {
  return { added: inScope(comparison.added, scope), modified: inScope(comparison.modified, scope), removed: inScope(comparison.removed, scope) };
}

export function decodeManagedFields(value: Json | undefined): Managers {
  const managers: Managers = new Map();
  if (!Array.isArray(value)) return managers;
  for (const raw of value) {
    if (!isObject(raw) || typeof raw.manager !== 'string') continue;
    const operation: Operation = raw.operation === 'Apply' ? 'Apply' : 'Update';
    const entry: ManagerEntry = {
      manager: raw.manager,
      operation,
      apiVersion: typeof raw.apiVersion === 'string' ? raw.apiVersion : '',
      ...(typeof raw.subresource === 'string' && raw.subresource !== '' ? { subresource: raw.subresource } : {}),
      ...(typeof raw.time === 'string' ? { time: raw.time } : {}),
      fields: FieldSet.fromFieldsV1(raw.fieldsV1),
    };
    managers.set(identifier(entry), entry);
  }
  return managers;
}

/** Sorted as the API server sorts them: operation, time (seconds), manager, apiVersion, subresource. */
export function encodeManagedFields(managers: Managers): JsonObject[] {
  const seconds = (time: string | undefined): number => (time === undefined ? 0 : Math.floor(Date.parse(time) / 1000));
  return [...managers.values()]
    .filter((entry) => !entry.fields.isEmpty())
    .sort(
      (a, b) =>
        a.operation.localeCompare(b.operation) ||
        seconds(a.time) - seconds(b.time) ||
        compareText(a.manager, b.manager) ||
        compareText(a.apiVersion, b.apiVersion) ||
        compareText(a.subresource ?? '', b.subresource ?? ''),
    )
    .map((entry) => {
      const out: JsonObject = { manager: entry.manager, operation: entry.operation, apiVersion: entry.apiVersion };
      if (entry.time !== undefined) out.time = entry.time;
      out.fieldsType = 'FieldsV1';
      out.fieldsV1 = entry.fields.toFieldsV1();
      if (entry.subresource !== undefined) out.subresource = entry.subresource;
      return out;
    });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface OperationContext {
  readonly manager: string;
  readonly apiVersion: string;
  readonly subresource?: string;
  readonly scope: Scope;
  readonly shape: Shape;
  /** RFC 3339, seconds. */
  readonly now: string;
}

export interface ApplyRequest extends OperationContext {
  /** The live object without managedFields, or undefined when the apply creates it. */
  readonly live: JsonObject | undefined;
  readonly config: JsonObject;
  readonly managers: Managers;
  readonly force: boolean;
  /** Defaults and resets the API server applies to the merged object before comparing. */
  readonly finish: (merged: JsonObject) => JsonObject;
}

export interface OperationResult {
  readonly object: JsonObject;
  readonly managers: Managers;
}

export function serverSideApply(request: ApplyRequest): OperationResult {
  const { live, config, shape, scope } = request;
  const key = identifier({ manager: request.manager, operation: 'Apply', apiVersion: request.apiVersion, subresource: request.subresource });
  const applied = inScope(toFieldSet(config, shape), scope);
  const previous = request.managers.get(key);
  const managers: Managers = new Map(request.managers);
  managers.set(key, { manager: request.manager, operation: 'Apply', apiVersion: request.apiVersion, ...subresourceOf(request), fields: applied });

  const merged = (merge(live ?? {}, config, shape) ?? {}) as JsonObject;
  if (previous) removePaths(merged, prunable(previous.fields, managers), shape);
  const object = request.finish(merged);

  const comparison = comparisonInScope(compare(live ?? {}, object, shape), scope);
  const changedFields = comparison.modified.union(comparison.added);
  const conflicts: { readonly key: string; readonly entry: ManagerEntry; readonly fields: FieldSet }[] = [];
  for (const [otherKey, entry] of request.managers) {
    if (otherKey === key) continue;
    const fields = entry.fields.intersection(changedFields);
    if (!fields.isEmpty()) conflicts.push({ key: otherKey, entry, fields });
  }
  if (conflicts.length > 0 && !request.force) throw conflictError(conflicts);

  for (const [otherKey, entry] of request.managers) {
    if (otherKey === key) continue;
    const taken = conflicts.find((conflict) => conflict.key === otherKey)?.fields ?? new FieldSet();
    managers.set(otherKey, { ...entry, fields: entry.fields.difference(taken).difference(comparison.removed) });
  }
  const changed = live === undefined || !deepEqual(live, object);
  const time = changed ? request.now : (previous?.time ?? request.now);
  managers.set(key, { ...managers.get(key)!, time });
  dropEmpty(managers);
  return { object, managers };
}

/** Fields this manager applied before, does not apply now, and nobody else owns. */
function prunable(previous: FieldSet, managers: Managers): FieldPath[] {
  let owned = new FieldSet();
  for (const entry of managers.values()) owned = owned.union(entry.fields);
  const candidates = previous.difference(owned).paths();
  const removing = FieldSet.of(candidates);
  return candidates.filter((path) => !owned.hasDescendants(path) && !isKeyOfKeptItem(path, removing));
}

/** A list item's key field stays while the item does. */
function isKeyOfKeptItem(path: FieldPath, removing: FieldSet): boolean {
  const parent = path.at(-2);
  const last = path.at(-1);
  if (parent === undefined || last === undefined || !parent.startsWith('k:') || !last.startsWith('f:')) return false;
  const keys = JSON.parse(parent.slice(2)) as JsonObject;
  return Object.hasOwn(keys, last.slice(2)) && !removing.has(path.slice(0, -1));
}

export interface UpdateRequest extends OperationContext {
  readonly live: JsonObject | undefined;
  readonly next: JsonObject;
  readonly managers: Managers;
  /** Built-in kinds are typed Go structs: their struct fields exist before any write, so adding one does not own it. */
  readonly typedStructs: boolean;
}

/** Ownership after a create, PUT or non-apply patch by `manager` (operation Update). */
export function recordUpdate(request: UpdateRequest): Managers {
  const key = identifier({ manager: request.manager, operation: 'Update', apiVersion: request.apiVersion, subresource: request.subresource });
  const comparison = comparisonInScope(compare(request.live ?? {}, request.next, request.shape), request.scope);
  const added = request.typedStructs ? withoutAddedStructs(comparison.added, request.shape) : comparison.added;
  const taken = comparison.modified.union(added);
  const managers: Managers = new Map();
  for (const [otherKey, entry] of request.managers) managers.set(otherKey, { ...entry, fields: entry.fields.difference(taken).difference(comparison.removed) });
  if (!taken.isEmpty()) {
    const previous = managers.get(key);
    managers.set(key, {
      manager: request.manager,
      operation: 'Update',
      apiVersion: request.apiVersion,
      ...subresourceOf(request),
      time: request.now,
      fields: previous ? previous.fields.union(taken) : taken,
    });
  }
  dropEmpty(managers);
  return managers;
}

function subresourceOf(context: { readonly subresource?: string }): { subresource?: string } {
  return context.subresource === undefined ? {} : { subresource: context.subresource };
}

function dropEmpty(managers: Managers): void {
  for (const [key, entry] of managers) if (entry.fields.isEmpty()) managers.delete(key);
}

/** `"kubectl"`, `"kubectl" using apps/v1`, `"kubectl" with subresource "status" using apps/v1` (printManager). */
function printManager(entry: ManagerEntry): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource !== undefined) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') text += ` using ${entry.apiVersion}`;
  return text;
}

function conflictError(conflicts: readonly { readonly key: string; readonly entry: ManagerEntry; readonly fields: FieldSet }[]): ApiError {
  const sorted = [...conflicts].sort((a, b) => compareText(a.key, b.key));
  const all = sorted.flatMap(({ entry, fields }) => fields.paths().map((path) => ({ entry, path })));
  const causes: StatusCause[] = all.map(({ entry, path }) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(entry)}`, field: pathString(path) }));
  if (all.length === 1) return applyConflict(`Apply failed with 1 conflict: conflict with ${printManager(all[0].entry)}: ${pathString(all[0].path)}`, causes);
  const lines = sorted.flatMap(({ entry, fields }) => [`conflicts with ${printManager(entry)}:`, ...fields.paths().map((path) => `- ${pathString(path)}`)]);
  return applyConflict(`Apply failed with ${all.length} conflicts: ${lines.join('\n')}`, causes);
}

/** `metadata.managedFields` in a write: absent or unchanged keeps the stored ones, `[{}]` clears them. */
export function managersFromRequest(requested: Json | undefined, stored: Managers): Managers {
  if (requested === undefined) return stored;
  if (!Array.isArray(requested)) throw badRequest('metadata.managedFields must be a list');
  if (requested.length === 1 && isObject(requested[0]) && Object.keys(requested[0]).length === 0) return new Map();
  if (requested.length === 0) return stored;
  return decodeManagedFields(requested);
}
