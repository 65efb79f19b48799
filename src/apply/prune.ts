/**
 * Prune: delete members of the set that are no longer wanted. Only objects
 * that carry our ApplySet id are candidates; Namespaces, PVCs and database
 * Clusters hold data and are kept unless the caller purges. An object whose
 * delete failed stays listed in the inventory.
 */
import type { ManifestObject } from '../../constructs/index.js';
import { contentsOf, PART_OF_LABEL, type ApplySetRef, type SetContents } from './applyset.js';
import type { Change } from './changeset.js';
import { describeObject } from './discovery.js';
import type { ObjectClient } from './objects.js';
import { sortForDelete } from '../synth/order.js';

/** Kinds whose deletion loses data. */
export const PROTECTED_KINDS: ReadonlySet<string> = new Set(['Namespace', 'PersistentVolumeClaim', 'Cluster.postgresql.cnpg.io']);

export function isProtected(object: Pick<ManifestObject, 'apiVersion' | 'kind'>): boolean {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return PROTECTED_KINDS.has(group ? `${object.kind}.${group}` : object.kind);
}

export interface PruneResult {
  readonly changes: readonly Change[];
  /** Group kinds and namespaces of members still present (protected, or failed to delete). */
  readonly remaining: SetContents;
}

export async function pruneSet(
  client: ObjectClient,
  set: ApplySetRef,
  contents: SetContents,
  wanted: readonly ManifestObject[],
  options: { dryRun?: boolean; purge?: boolean },
): Promise<PruneResult> {
  const keep = new Set(wanted.map(key));
  const members = await listMembers(client, set, contents);
  const changes: Change[] = [];
  const remaining: ManifestObject[] = [];
  for (const member of sortForDelete(members.filter((m) => !keep.has(key(m))))) {
    if (member.metadata.labels?.[PART_OF_LABEL] !== set.id) continue;
    const subject = describeObject(member);
    if (isProtected(member) && !options.purge) {
      changes.push({ subject, action: 'skipped', reason: 'holds data; pass --purge to delete it' });
      remaining.push(member);
      continue;
    }
    try {
      await client.delete(member, { dryRun: options.dryRun });
      changes.push({ subject, action: 'deleted', reason: options.dryRun ? 'dry-run' : 'no longer in the set' });
    } catch (error) {
      changes.push({ subject, action: 'skipped', reason: `delete failed: ${(error as Error).message}` });
      remaining.push(member);
    }
  }
  return { changes, remaining: contentsOf(remaining, set.namespace) };
}

/** Every object labelled as a member, for each group kind and namespace the inventory lists. */
export async function listMembers(client: ObjectClient, set: ApplySetRef, contents: SetContents): Promise<ManifestObject[]> {
  const members: ManifestObject[] = [];
  for (const groupKind of contents.groupKinds) {
    const [kind, ...group] = groupKind.split('.');
    const apiVersion = await preferredVersion(client, group.join('.'), kind);
    if (!apiVersion) continue;
    const info = await client.discovery.resolve(apiVersion, kind);
    const namespaces = info.namespaced ? [set.namespace, ...contents.namespaces] : [undefined];
    for (const namespace of namespaces) members.push(...(await client.list(apiVersion, kind, namespace, `${PART_OF_LABEL}=${set.id}`)));
  }
  return members;
}

const KNOWN_VERSIONS: Readonly<Record<string, string>> = {
  '': 'v1', apps: 'apps/v1', batch: 'batch/v1', 'networking.k8s.io': 'networking.k8s.io/v1', policy: 'policy/v1',
  'rbac.authorization.k8s.io': 'rbac.authorization.k8s.io/v1', autoscaling: 'autoscaling/v2', 'postgresql.cnpg.io': 'postgresql.cnpg.io/v1',
  'barmancloud.cnpg.io': 'barmancloud.cnpg.io/v1', 'cert-manager.io': 'cert-manager.io/v1', 'monitoring.coreos.com': 'monitoring.coreos.com/v1',
  'argoproj.io': 'argoproj.io/v1alpha1', 'source.toolkit.fluxcd.io': 'source.toolkit.fluxcd.io/v1', 'kustomize.toolkit.fluxcd.io': 'kustomize.toolkit.fluxcd.io/v1',
  'apiextensions.k8s.io': 'apiextensions.k8s.io/v1',
};

async function preferredVersion(client: ObjectClient, group: string, kind: string): Promise<string | undefined> {
  const version = KNOWN_VERSIONS[group];
  return version && (await client.discovery.serves(version, kind)) ? version : undefined;
}

function key(object: Pick<ManifestObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return `${group}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}
