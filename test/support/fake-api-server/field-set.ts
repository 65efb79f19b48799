/**
 * Sets of field paths, as structured-merge-diff keeps them for managedFields. A path is a
 * list of elements in the FieldsV1 spelling: `f:spec` (a field), `k:{"name":"web"}` (a list
 * item by its keys, keys sorted), `v:"x"` (an item of a set), `i:0` (by index).
 */
import { isObject, type Json, type JsonObject } from './json.js';

export type PathElement = string;
export type FieldPath = readonly PathElement[];

export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

export function keyElement(keys: Readonly<Record<string, Json>>): PathElement {
  const sorted: JsonObject = {};
  for (const name of Object.keys(keys).sort()) sorted[name] = keys[name];
  return `k:${JSON.stringify(sorted)}`;
}

export function valueElement(value: Json): PathElement {
  return `v:${JSON.stringify(value)}`;
}

export function indexElement(index: number): PathElement {
  return `i:${index}`;
}

/** `.spec.template.spec.containers[name="web"].image`, as conflict messages print paths. */
export function pathString(path: FieldPath): string {
  return path.map(elementString).join('');
}

function elementString(element: PathElement): string {
  const body = element.slice(2);
  switch (element.slice(0, 2)) {
    case 'f:':
      return `.${body}`;
    case 'k:': {
      const keys = JSON.parse(body) as JsonObject;
      return `[${Object.entries(keys)
        .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
        .join(',')}]`;
    }
    case 'v:':
      return `[=${body}]`;
    default:
      return `[${body}]`;
  }
}

const KIND_ORDER: Readonly<Record<string, number>> = { 'f:': 0, 'k:': 1, 'v:': 2, 'i:': 3 };

function compareElements(a: PathElement, b: PathElement): number {
  const kind = (KIND_ORDER[a.slice(0, 2)] ?? 4) - (KIND_ORDER[b.slice(0, 2)] ?? 4);
  if (kind !== 0) return kind;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A node of the set: whether the path ending here is a member, and the longer paths below it. */
export class FieldSet {
  private readonly children = new Map<PathElement, FieldSet>();
  private member = false;

  static of(paths: Iterable<FieldPath>): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  insert(path: FieldPath): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (const element of path) {
      let child = node.children.get(element);
      if (!child) {
        child = new FieldSet();
        node.children.set(element, child);
      }
      node = child;
    }
    node.member = true;
  }

  has(path: FieldPath): boolean {
    const node = this.nodeAt(path);
    return node !== undefined && node.member;
  }

  /** Whether any member lies strictly below `path`. */
  hasDescendants(path: FieldPath): boolean {
    const node = this.nodeAt(path);
    return node !== undefined && [...node.children.values()].some((child) => !child.isEmpty());
  }

  isEmpty(): boolean {
    if (this.member) return false;
    for (const child of this.children.values()) if (!child.isEmpty()) return false;
    return true;
  }

  /** Every member, parents before children, siblings in FieldsV1 order. */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (node: FieldSet, prefix: PathElement[]): void => {
      for (const element of [...node.children.keys()].sort(compareElements)) {
        const child = node.children.get(element)!;
        const path = [...prefix, element];
        if (child.member) out.push(path);
        walk(child, path);
      }
    };
    walk(this, []);
    return out;
  }

  union(other: FieldSet): FieldSet {
    return FieldSet.of([...this.paths(), ...other.paths()]);
  }

  /** Members of this set that are not members of `other` (exact paths). */
  difference(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((path) => !other.has(path)));
  }

  intersection(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((path) => other.has(path)));
  }

  /** Drops every member that is in `other` or lies below a member of `other`. */
  recursiveDifference(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((path) => !path.some((_, index) => other.has(path.slice(0, index + 1)))));
  }

  /** Keeps only members at or below `prefix`. */
  within(prefix: FieldPath): FieldSet {
    return FieldSet.of(this.paths().filter((path) => prefix.every((element, index) => path[index] === element)));
  }

  equals(other: FieldSet): boolean {
    const mine = this.paths().map((path) => path.join('\u0000'));
    const theirs = other.paths().map((path) => path.join('\u0000'));
    return mine.length === theirs.length && mine.every((path, index) => path === theirs[index]);
  }

  /** The FieldsV1 JSON: `{"f:spec": {"f:replicas": {}}}`, with `".": {}` where a member also has children. */
  toFieldsV1(): JsonObject {
    const out: JsonObject = {};
    for (const element of [...this.children.keys()].sort(compareElements)) {
      const child = this.children.get(element)!;
      if (child.isEmpty()) continue;
      const nested = child.toFieldsV1();
      out[element] = child.member && Object.keys(nested).length > 0 ? { '.': {}, ...nested } : nested;
    }
    return out;
  }

  static fromFieldsV1(fields: Json | undefined): FieldSet {
    const set = new FieldSet();
    const walk = (node: Json | undefined, prefix: PathElement[]): void => {
      if (!isObject(node)) return;
      for (const [element, child] of Object.entries(node)) {
        if (element === '.') {
          set.insert(prefix);
          continue;
        }
        const path = [...prefix, element];
        if (isObject(child) && Object.keys(child).length === 0) set.insert(path);
        else walk(child, path);
      }
    };
    walk(fields, []);
    return set;
  }

  private nodeAt(path: FieldPath): FieldSet | undefined {
    let node: FieldSet | undefined = this;
    for (const element of path) {
      node = node.children.get(element);
      if (!node) return undefined;
    }
    return node;
  }
}
