/** What the request handlers, controllers and test knobs share: storage, served kinds, clock, timers. */
import { randomBytes, randomUUID } from 'node:crypto';
import { isObject, stringAt, type JsonObject } from './json.js';
import type { ResourceRegistry } from './registry.js';
import { apiVersionOf, type ResourceType } from './resource-types.js';
import type { Scheduler } from './scheduler.js';
import type { ObjectStore } from './store.js';

export interface ClusterSettings {
  /** How long a deleted Namespace stays Terminating before its content and itself go. */
  readonly namespaceTerminationMs: number;
  /** How long the garbage collector takes to act on dependents and deletion finalizers. */
  readonly garbageCollectionMs: number;
  /** How long a new CustomResourceDefinition takes to become Established (its kinds served). */
  readonly crdEstablishMs: number;
}

export type WriteKind = 'created' | 'updated' | 'deleted';

export interface WriteEvent {
  readonly kind: WriteKind;
  readonly type: ResourceType;
  readonly object: JsonObject;
  readonly previous: JsonObject | undefined;
}

export interface ClusterState {
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly scheduler: Scheduler;
  readonly settings: ClusterSettings;
  now(): Date;
  allocateClusterIP(): string;
  /** Continue tokens issued before this revision answer 410 Expired. */
  continueTokensValidFrom: number;
  /** Called after every stored (not dry-run) write. */
  notify(event: WriteEvent): void;
}

/** RFC 3339 with seconds, as metav1.Time serializes. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function newUid(): string {
  return randomUUID();
}

const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** What `generateName` gets appended: five characters from the API server's alphabet. */
export function nameSuffix(): string {
  return [...randomBytes(5)].map((byte) => NAME_SUFFIX_ALPHABET[byte % NAME_SUFFIX_ALPHABET.length]).join('');
}

export function metadataOf(object: JsonObject): JsonObject {
  if (!isObject(object.metadata)) object.metadata = {};
  return object.metadata as JsonObject;
}

export function nameOf(object: JsonObject): string {
  return stringAt(object, 'metadata', 'name') ?? '';
}

export function namespaceOf(object: JsonObject): string {
  return stringAt(object, 'metadata', 'namespace') ?? '';
}

/** The object as the API returns it: apiVersion and kind filled in. */
export function withTypeMeta(type: ResourceType, object: JsonObject): JsonObject {
  return { apiVersion: apiVersionOf(type), kind: type.kind, ...withoutTypeMeta(object) };
}

export function withoutTypeMeta(object: JsonObject): JsonObject {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return rest;
}

export function storeKey(type: ResourceType, namespace: string, name: string): { group: string; resource: string; namespace: string; name: string } {
  return { group: type.group, resource: type.resource, namespace: type.namespaced ? namespace : '', name };
}
