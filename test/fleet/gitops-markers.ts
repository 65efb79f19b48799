/** Markers Argo CD and Flux leave on what they sync, written as those controllers write them (under their own field managers). */
import type { ManifestObject } from '../../constructs/index.js';
import { ObjectClient } from '../../src/apply/objects.js';
import type { Cluster } from './support.js';

type ObjectRef = Pick<ManifestObject, 'apiVersion' | 'kind' | 'metadata'>;

export const namespaceRef = (name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
export const apiRef = (namespace: string): ObjectRef => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace } });

/** `<application>:<group>/<kind>:<namespace>/<name>` (annotation tracking). */
function trackingId(application: string, object: ObjectRef): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return `${application}:${group}/${object.kind}:${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** What Argo CD (annotation tracking) writes on each object it syncs, as its own field manager. */
export async function syncedByArgo(cluster: Cluster, objects: readonly ObjectRef[], application = 'cluster-eu'): Promise<void> {
  const argo = new ObjectClient(cluster.client.transport, 'argocd-controller');
  for (const object of objects) await argo.apply({ ...object, metadata: { ...object.metadata, annotations: { 'argocd.argoproj.io/tracking-id': trackingId(application, object) } } }, { force: true });
}

/** What Flux's kustomize-controller writes on each object it applies: its owner labels, as its own field manager. */
export async function syncedByFlux(cluster: Cluster, objects: readonly ObjectRef[], kustomization = 'cluster-eu'): Promise<void> {
  const flux = new ObjectClient(cluster.client.transport, 'kustomize-controller');
  const labels = { 'kustomize.toolkit.fluxcd.io/name': kustomization, 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' };
  for (const object of objects) await flux.apply({ ...object, metadata: { ...object.metadata, labels } }, { force: true });
}
