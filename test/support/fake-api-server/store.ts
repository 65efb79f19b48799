/**
 * The fake's etcd: objects by group, resource, namespace and name, one resourceVersion
 * counter for everything (as etcd's revision), lists sorted as the etcd keys
 * (`namespace/name`) sort.
 */
import { clone, stringAt, type JsonObject } from './json.js';

export interface StoredObject {
  readonly group: string;
  readonly resource: string;
  readonly object: JsonObject;
}

export interface StoreKey {
  readonly group: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

function keyOf(key: StoreKey): string {
  return [key.group, key.resource, key.namespace, key.name].join('\u0000');
}

export class ObjectStore {
  private readonly objects = new Map<string, StoredObject>();
  private revision: number;

  constructor(firstRevision = 1000) {
    this.revision = firstRevision;
  }

  /** The revision the next write gets. */
  nextResourceVersion(): string {
    this.revision += 1;
    return String(this.revision);
  }

  currentResourceVersion(): string {
    return String(this.revision);
  }

  get(key: StoreKey): JsonObject | undefined {
    const entry = this.objects.get(keyOf(key));
    return entry ? clone(entry.object) : undefined;
  }

  has(key: StoreKey): boolean {
    return this.objects.has(keyOf(key));
  }

  put(group: string, resource: string, object: JsonObject): void {
    const namespace = stringAt(object, 'metadata', 'namespace') ?? '';
    const name = stringAt(object, 'metadata', 'name') ?? '';
    this.objects.set(keyOf({ group, resource, namespace, name }), { group, resource, object: clone(object) });
  }

  remove(key: StoreKey): boolean {
    return this.objects.delete(keyOf(key));
  }

  /** Objects of one resource, in one namespace or all, sorted by namespace then name. */
  list(group: string, resource: string, namespace?: string): JsonObject[] {
    // Filter before copying: a list copies what it returns, not the whole store.
    return [...this.objects.values()]
      .filter((entry) => entry.group === group && entry.resource === resource)
      .map((entry) => entry.object)
      .filter((object) => namespace === undefined || (stringAt(object, 'metadata', 'namespace') ?? '') === namespace)
      .sort(byNamespaceThenName)
      .map((object) => clone(object));
  }

  /** Every stored object with its resource (copies). */
  entries(): StoredObject[] {
    return [...this.objects.values()].map((entry) => ({ group: entry.group, resource: entry.resource, object: clone(entry.object) }));
  }
}

function byNamespaceThenName(a: JsonObject, b: JsonObject): number {
  const key = (object: JsonObject): string => {
    const namespace = stringAt(object, 'metadata', 'namespace') ?? '';
    const name = stringAt(object, 'metadata', 'name') ?? '';
    return namespace === '' ? name : `${namespace}/${name}`;
  };
  const left = key(a);
  const right = key(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
