/**
 * structured-merge-diff's operations on JSON values of a known shape: the field set of an
 * applied configuration, merging it onto the live object, comparing two objects field by
 * field, and removing fields. Follows sigs.k8s.io/structured-merge-diff `typed/`
 * (tofieldset.go, merge.go, compare.go): empty maps and lists count as leaves, atomic values
 * are replaced whole, list items are matched by their keys.
 */
import { FieldSet, indexElement, keyElement, valueElement, type FieldPath, type PathElement } from './field-set.js';
import { deepEqual, isObject, type Json, type JsonObject } from './json.js';
import { childShape, deduce, UNTYPED, type ListShape, type Shape } from './shapes.js';

export class TypedValueError extends Error {
  constructor(
    readonly path: FieldPath,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** The path element of a list item: its keys, its value (sets), or its index. */
export function listItemElement(list: ListShape, item: Json, index: number): PathElement {
  if (list.relation === 'set') return valueElement(item);
  if (list.relation !== 'associative') return indexElement(index);
  if (!isObject(item)) throw new TypedValueError([], `element ${index}: associative list with keys has an element that is not a map`);
  const keys: JsonObject = {};
  for (const key of list.keys) {
    const value = item[key] ?? list.keyDefaults[key];
    if (value === undefined) throw new TypedValueError([], `element ${index}: associative list with keys has an element that omits key field ${JSON.stringify(key)}`);
    keys[key] = value;
  }
  return keyElement(keys);
}

function isEmpty(value: Json | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

/** The fields an applied configuration sets: leaves, atomic values, list items and free-map entries. */
export function toFieldSet(value: Json, shape: Shape): FieldSet {
  const set = new FieldSet();
  const walk = (node: Json, nodeShape: Shape, path: PathElement[]): void => {
    const resolved = deduce(nodeShape, node);
    if (resolved.type === 'list' && Array.isArray(node)) {
      if (resolved.relation === 'atomic') return set.insert(path);
      const seen = new Set<PathElement>();
      node.forEach((item, index) => {
        const element = elementOrThrow(resolved, item, index, path);
        if (seen.has(element)) throw new TypedValueError(path, `duplicate entries for key ${pathOf(element)}`);
        seen.add(element);
        walk(item, resolved.element, [...path, element]);
        set.insert([...path, element]);
      });
      return;
    }
    if (resolved.type === 'map' && isObject(node)) {
      if (resolved.atomic) return set.insert(path);
      for (const [key, child] of Object.entries(node)) {
        const { shape: fieldShape, declared } = childShape(resolved, key);
        walk(child, fieldShape, [...path, `f:${key}`]);
        if (!declared) set.insert([...path, `f:${key}`]);
      }
      return;
    }
    set.insert(path);
  };
  walk(value, shape, []);
  return set;
}

function elementOrThrow(list: ListShape, item: Json, index: number, path: PathElement[]): PathElement {
  try {
    return listItemElement(list, item, index);
  } catch (error) {
    if (error instanceof TypedValueError) throw new TypedValueError(path, error.detail);
    throw error;
  }
}

function pathOf(element: PathElement): string {
  const body = element.slice(2);
  if (!element.startsWith('k:')) return `[${body}]`;
  const keys = JSON.parse(body) as JsonObject;
  return `[${Object.entries(keys)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(',')}]`;
}

/** Index of a list's items by path element; items whose element cannot be built keep their index. */
function indexItems(list: ListShape, items: readonly Json[]): Map<PathElement, Json> {
  const out = new Map<PathElement, Json>();
  items.forEach((item, index) => {
    let element: PathElement;
    try {
      element = listItemElement(list, item, index);
    } catch {
      element = indexElement(index);
    }
    if (!out.has(element)) out.set(element, item);
  });
  return out;
}

/** `rhs` merged onto `lhs`: the result of applying a configuration to the live object. */
export function merge(lhs: Json | undefined, rhs: Json | undefined, shape: Shape): Json | undefined {
  if (rhs === undefined) return lhs;
  if (lhs === undefined) return rhs;
  const resolved = deduce(shape, rhs);
  if (isEmpty(lhs) && isEmpty(rhs)) return rhs;
  if (resolved.type === 'map' && !resolved.atomic && isObject(lhs) && isObject(rhs)) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(lhs)) out[key] = value;
    for (const [key, value] of Object.entries(rhs)) {
      const merged = merge(lhs[key], value, childShape(resolved, key).shape);
      if (merged !== undefined) out[key] = merged;
    }
    return out;
  }
  if (resolved.type === 'list' && resolved.relation !== 'atomic' && Array.isArray(lhs) && Array.isArray(rhs)) return mergeItems(resolved, lhs, rhs);
  return rhs;
}

/** List items in the applied order, live-only items kept where they were (structured-merge-diff's ordering). */
function mergeItems(list: ListShape, lhs: readonly Json[], rhs: readonly Json[]): Json[] {
  const left = indexItems(list, lhs);
  const right = indexItems(list, rhs);
  const leftOrder = [...left.keys()];
  const rightOrder = [...right.keys()];
  const shared = rightOrder.filter((element) => left.has(element));
  const emitted = new Set<PathElement>();
  const out: Json[] = [];
  const emit = (element: PathElement): void => {
    emitted.add(element);
    const merged = merge(left.get(element), right.get(element), list.element);
    if (merged !== undefined) out.push(merged);
    if (shared[0] === element) shared.shift();
  };
  let l = 0;
  let r = 0;
  while (l < leftOrder.length || r < rightOrder.length) {
    const leftElement = leftOrder[l];
    if (leftElement !== undefined && emitted.has(leftElement)) {
      l++;
      continue;
    }
    if (leftElement !== undefined && rightOrder[r] === leftElement) {
      emit(leftElement);
      l++;
      r++;
      continue;
    }
    if (leftElement !== undefined && right.has(leftElement) && shared[0] !== leftElement) {
      l++;
      continue;
    }
    if (leftElement !== undefined && !right.has(leftElement)) {
      emit(leftElement);
      l++;
      continue;
    }
    if (r < rightOrder.length) {
      emit(rightOrder[r]);
      r++;
      continue;
    }
    l++;
  }
  return out;
}

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** Which fields `rhs` adds, changes and removes relative to `lhs` (compare.go). */
export function compare(lhs: Json | undefined, rhs: Json | undefined, shape: Shape): Comparison {
  const result: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const walk = (left: Json | undefined, right: Json | undefined, nodeShape: Shape, path: PathElement[]): void => {
    if (left === undefined && right === undefined) return;
    const resolved = deduce(nodeShape, right ?? left);
    const bothEmpty = isEmpty(left) && isEmpty(right);
    let visited = false;
    if (resolved.type === 'map' && !resolved.atomic && !bothEmpty && isObjectOrAbsent(left) && isObjectOrAbsent(right)) {
      visited = true;
      const keys = new Set([...Object.keys(left ?? {}), ...Object.keys(right ?? {})]);
      for (const key of keys) walk(left?.[key], right?.[key], childShape(resolved, key).shape, [...path, `f:${key}`]);
    } else if (resolved.type === 'list' && resolved.relation !== 'atomic' && !bothEmpty && isListOrAbsent(left) && isListOrAbsent(right)) {
      visited = true;
      const leftItems = indexItems(resolved, left ?? []);
      const rightItems = indexItems(resolved, right ?? []);
      for (const [element, item] of rightItems) walk(leftItems.get(element), item, resolved.element, [...path, element]);
      for (const [element, item] of leftItems) if (!rightItems.has(element)) walk(item, undefined, resolved.element, [...path, element]);
    }
    if (visited) {
      if (left === undefined) result.added.insert(path);
      else if (right === undefined) result.removed.insert(path);
      return;
    }
    if (left === undefined) result.added.insert(path);
    else if (right === undefined) result.removed.insert(path);
    else if (!deepEqual(left, right)) result.modified.insert(path);
  };
  walk(lhs, rhs, shape, []);
  return result;
}

function isObjectOrAbsent(value: Json | undefined): value is JsonObject | undefined {
  return value === undefined || isObject(value);
}

function isListOrAbsent(value: Json | undefined): value is Json[] | undefined {
  return value === undefined || Array.isArray(value);
}

/** Removes the value at each path (a path under another removed one goes with it); maps and lists left empty go too. */
export function removePaths(root: JsonObject, paths: readonly FieldPath[], shape: Shape): void {
  const removed = new FieldSet();
  for (const path of [...paths].sort((a, b) => a.length - b.length)) {
    if (path.some((_, index) => index < path.length - 1 && removed.has(path.slice(0, index + 1)))) continue;
    removeAt(root, path, shape);
    removed.insert(path);
  }
}

function removeAt(root: JsonObject, path: FieldPath, shape: Shape): void {
  const trail: { container: JsonObject | Json[]; step: string | number }[] = [];
  let node: Json = root;
  let nodeShape: Shape = shape;
  for (const element of path) {
    const resolved = deduce(nodeShape, node);
    if (element.startsWith('f:')) {
      if (!isObject(node) || resolved.type !== 'map') return;
      const key = element.slice(2);
      if (!Object.hasOwn(node, key)) return;
      trail.push({ container: node, step: key });
      nodeShape = childShape(resolved, key).shape;
      node = node[key];
      continue;
    }
    if (!Array.isArray(node) || resolved.type !== 'list') return;
    const items: Json[] = node;
    const index = items.findIndex((item, position) => {
      try {
        return listItemElement(resolved, item, position) === element;
      } catch {
        return false;
      }
    });
    if (index < 0) return;
    trail.push({ container: items, step: index });
    nodeShape = resolved.element;
    node = items[index];
  }
  for (let depth = trail.length - 1; depth >= 0; depth--) {
    const { container, step } = trail[depth];
    if (Array.isArray(container)) container.splice(step as number, 1);
    else delete container[step as string];
    const parentEmpty = Array.isArray(container) ? container.length === 0 : Object.keys(container).length === 0;
    if (!parentEmpty || depth === 0) return;
  }
}

/** The shape at a path (without the value: untyped nodes stay untyped). */
export function shapeAt(shape: Shape, path: FieldPath): Shape {
  let node: Shape = shape;
  for (const element of path) {
    if (node.type === 'map' && element.startsWith('f:')) node = childShape(node, element.slice(2)).shape;
    else if (node.type === 'list') node = node.element;
    else return UNTYPED;
  }
  return node;
}

/**
 * What an Update operation records for nodes it added: list items, free maps (labels, data)
 * and optional lists become members themselves; structs and required fields do not, as the
 * API server's typed objects already hold them (empty structs, null lists) before any write.
 */
export function withoutAddedStructs(added: FieldSet, shape: Shape): FieldSet {
  return FieldSet.of(
    added.paths().filter((path) => {
      const last = path.at(-1) ?? '';
      if (!added.hasDescendants(path) || !last.startsWith('f:')) return true;
      const node = shapeAt(shape, path);
      if (node.type === 'map' && node.struct) return false;
      const parent = shapeAt(shape, path.slice(0, -1));
      return !(parent.type === 'map' && parent.required.has(last.slice(2)));
    }),
  );
}
