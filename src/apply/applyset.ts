/**
 * A kubectl-compatible ApplySet (KEP-3659) per chart instance: a parent
 * Secret whose labels and annotations list what the set may contain, and a
 * `part-of` label on every member. Prune only ever touches objects carrying
 * our id.
 */
import { createHash } from 'node:crypto';
import type { ManifestObject } from '../../constructs/index.js';

export const PART_OF_LABEL = 'applyset.kubernetes.io/part-of';
export const ID_LABEL = 'applyset.kubernetes.io/id';
export const TOOLING_ANNOTATION = 'applyset.kubernetes.io/tooling';
export const GROUP_KINDS_ANNOTATION = 'applyset.kubernetes.io/contains-group-kinds';
export const NAMESPACES_ANNOTATION = 'applyset.kubernetes.io/additional-namespaces';
export const TOOLING = 'saas-charts/v0.1.0';

/** kubectl's id: "applyset-" + base64url(sha256("<name>.<namespace>.<Kind>.<group>")) + "-v1". */
export function applySetId(name: string, namespace: string, kind = 'Secret', group = ''): string {
  return `applyset-${createHash('sha256').update(`${name}.${namespace}.${kind}.${group}`).digest('base64url')}-v1`;
}

export interface ApplySetRef {
  readonly name: string;
  readonly namespace: string;
  readonly id: string;
}

export function applySetFor(instance: string, namespace: string): ApplySetRef {
  const name = `applyset-${instance}`.slice(0, 253);
  return { name, namespace, id: applySetId(name, namespace) };
}

/** `Deployment.apps`, `Namespace` (core has no group). */
export function groupKind(object: Pick<ManifestObject, 'apiVersion' | 'kind'>): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return group ? `${object.kind}.${group}` : object.kind;
}

export interface SetContents {
  readonly groupKinds: readonly string[];
  readonly namespaces: readonly string[];
}

export function contentsOf(objects: readonly ManifestObject[], parentNamespace: string): SetContents {
  return {
    groupKinds: [...new Set(objects.map(groupKind))].sort(),
    namespaces: [...new Set(objects.map((o) => o.metadata.namespace).filter((ns): ns is string => ns !== undefined && ns !== parentNamespace))].sort(),
  };
}

export function unionContents(a: SetContents, b: SetContents): SetContents {
  return { groupKinds: [...new Set([...a.groupKinds, ...b.groupKinds])].sort(), namespaces: [...new Set([...a.namespaces, ...b.namespaces])].sort() };
}

export function contentsFromParent(parent: ManifestObject | undefined): SetContents {
  const annotations = parent?.metadata.annotations ?? {};
  const split = (value: string | undefined) => (value ? value.split(',').filter(Boolean) : []);
  return { groupKinds: split(annotations[GROUP_KINDS_ANNOTATION]), namespaces: split(annotations[NAMESPACES_ANNOTATION]) };
}

/** The parent Secret as we apply it (no data: it only records membership). */
export function parentObject(set: ApplySetRef, contents: SetContents): ManifestObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: set.name,
      namespace: set.namespace,
      labels: { [ID_LABEL]: set.id, 'app.kubernetes.io/managed-by': 'saas-charts' },
      annotations: {
        [TOOLING_ANNOTATION]: TOOLING,
        [GROUP_KINDS_ANNOTATION]: contents.groupKinds.join(','),
        [NAMESPACES_ANNOTATION]: contents.namespaces.join(','),
      },
    },
    type: 'Opaque',
  };
}

/** Members carry the set's id; objects already claimed by another set are refused unless adopted. */
export function withMembership(object: ManifestObject, set: ApplySetRef): ManifestObject {
  return { ...object, metadata: { ...object.metadata, labels: { ...object.metadata.labels, [PART_OF_LABEL]: set.id } } };
}
