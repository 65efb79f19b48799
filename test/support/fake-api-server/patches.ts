/** JSON patch (RFC 6902), JSON merge patch (RFC 7386) and strategic merge patch (merge semantics, lists merged by their keys). */
import { ApiError } from './status-errors.js';
import { clone, deepEqual, isObject, type Json, type JsonObject } from './json.js';
import { childShape, deduce, type Shape } from './shapes.js';
import { listItemElement } from './typed-values.js';

function patchFailed(detail: string): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid',
    details: { causes: [{ message: detail }] },
    code: 422,
  });
}

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** Merge patch, except that lists the schema keys (containers by name, ports by port) merge item by item. */
export function strategicMergePatch(target: Json | undefined, patch: Json, shape: Shape): Json {
  const resolved = deduce(shape, patch);
  if (isObject(patch)) {
    if (patch.$patch === 'replace') return stripDirectives(patch);
    const out: JsonObject = isObject(target) ? clone(target) : {};
    for (const [key, value] of Object.entries(patch)) {
      if (key.startsWith('$')) continue;
      if (value === null) delete out[key];
      else out[key] = strategicMergePatch(out[key], value, resolved.type === 'map' ? childShape(resolved, key).shape : shape);
    }
    return out;
  }
  if (Array.isArray(patch) && Array.isArray(target) && resolved.type === 'list' && resolved.relation === 'associative') {
    const out = clone(target);
    patch.forEach((item, index) => {
      const element = listItemElement(resolved, item, index);
      const at = out.findIndex((existing, position) => {
        try {
          return listItemElement(resolved, existing, position) === element;
        } catch {
          return false;
        }
      });
      if (isObject(item) && item.$patch === 'delete') {
        if (at >= 0) out.splice(at, 1);
      } else if (at >= 0) out[at] = strategicMergePatch(out[at], item, resolved.element);
      else out.push(stripDirectives(item));
    });
    return out;
  }
  if (Array.isArray(patch) && Array.isArray(target) && resolved.type === 'list' && resolved.relation === 'set') {
    return [...target, ...patch.filter((item) => !target.some((existing) => deepEqual(existing, item)))];
  }
  return stripDirectives(patch);
}

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) if (!key.startsWith('$')) out[key] = stripDirectives(item);
  return out;
}

interface Operation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: Json;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw patchFailed(`invalid JSON pointer ${JSON.stringify(path)}`);
  return path
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(root: Json, tokens: readonly string[], path: string): Json {
  let node = root;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
    else throw patchFailed(`doc is missing path: ${JSON.stringify(path)}: missing value`);
    if (node === undefined) throw patchFailed(`doc is missing path: ${JSON.stringify(path)}: missing value`);
  }
  return node;
}

function read(root: Json, path: string): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return root;
  const parent = parentOf(root, tokens, path);
  const last = tokens.at(-1)!;
  const value = Array.isArray(parent) ? parent[Number(last)] : isObject(parent) ? parent[last] : undefined;
  if (value === undefined) throw patchFailed(`doc is missing path: ${JSON.stringify(path)}: missing value`);
  return value;
}

function write(root: Json, path: string, value: Json, mode: 'add' | 'replace'): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return value;
  const parent = parentOf(root, tokens, path);
  const last = tokens.at(-1)!;
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw patchFailed(`Unable to access invalid index: ${last}`);
    if (mode === 'add') parent.splice(index, 0, value);
    else parent[index] = value;
  } else if (isObject(parent)) {
    if (mode === 'replace' && !Object.hasOwn(parent, last)) throw patchFailed(`doc is missing key: ${JSON.stringify(path)}: missing value`);
    parent[last] = value;
  } else throw patchFailed(`doc is missing path: ${JSON.stringify(path)}`);
  return root;
}

function remove(root: Json, path: string): Json {
  const tokens = pointer(path);
  const parent = parentOf(root, tokens, path);
  const last = tokens.at(-1)!;
  if (Array.isArray(parent) && Number(last) < parent.length) parent.splice(Number(last), 1);
  else if (isObject(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw patchFailed(`Unable to remove nonexistent key: ${last}: missing value`);
  return root;
}

export function jsonPatch(target: JsonObject, operations: Json): JsonObject {
  if (!Array.isArray(operations)) throw patchFailed('a JSON patch is a list of operations');
  let document: Json = clone(target);
  for (const raw of operations) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw patchFailed(`invalid operation ${JSON.stringify(raw)}`);
    const operation = raw as unknown as Operation;
    switch (operation.op) {
      case 'add':
        document = write(document, operation.path, clone(operation.value ?? null), 'add');
        break;
      case 'replace':
        document = write(document, operation.path, clone(operation.value ?? null), 'replace');
        break;
      case 'remove':
        document = remove(document, operation.path);
        break;
      case 'move': {
        const value = read(document, operation.from ?? '');
        document = write(remove(document, operation.from ?? ''), operation.path, value, 'add');
        break;
      }
      case 'copy':
        document = write(document, operation.path, clone(read(document, operation.from ?? '')), 'add');
        break;
      case 'test':
        if (!deepEqual(read(document, operation.path), operation.value ?? null)) throw patchFailed(`testing value ${operation.path} failed: test failed`);
        break;
      default:
        throw patchFailed(`Unexpected kind: ${operation.op}`);
    }
  }
  if (!isObject(document)) throw patchFailed('the patched document is not an object');
  return document;
}
