/** What a pod template refers to: Secrets, ConfigMaps, PVCs and its ServiceAccount. */
import type { ManifestObject } from '../../constructs/index.js';
import { at, list, record, text, type Fields } from './fields.js';
import { ref, type Reference } from './object-ref.js';

/** The pod template of a workload (CronJob included), or undefined for other kinds. */
export function podTemplate(object: ManifestObject): Fields | undefined {
  switch (object.kind) {
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return record(at(object, 'spec', 'template'));
    case 'CronJob':
      return record(at(object, 'spec', 'jobTemplate', 'spec', 'template'));
    case 'Pod':
      return { metadata: object.metadata, spec: object.spec };
    default:
      return undefined;
  }
}

export function podReferences(template: Fields, namespace: string | undefined): Reference[] {
  const spec = record(template.spec);
  const containers = [...list(spec.initContainers), ...list(spec.containers), ...list(spec.ephemeralContainers)];
  const to = (kind: string, label: string) => (name: string | undefined): Reference[] => (name ? [{ target: ref(kind, name, namespace), label }] : []);
  return [
    ...containers.flatMap((container) => list(container.env).flatMap((env) => [
      ...to('Secret', 'secretKeyRef')(text(at(env, 'valueFrom', 'secretKeyRef', 'name'))),
      ...to('ConfigMap', 'configMapKeyRef')(text(at(env, 'valueFrom', 'configMapKeyRef', 'name'))),
    ])),
    ...containers.flatMap((container) => list(container.envFrom).flatMap((source) => [
      ...to('Secret', 'envFrom')(text(at(source, 'secretRef', 'name'))),
      ...to('ConfigMap', 'envFrom')(text(at(source, 'configMapRef', 'name'))),
    ])),
    ...list(spec.volumes).flatMap((volume) => volumeReferences(volume, to)),
    ...list(spec.imagePullSecrets).flatMap((secret) => to('Secret', 'imagePullSecret')(text(secret.name))),
    ...to('ServiceAccount', 'serviceAccount')(text(spec.serviceAccountName)),
  ];
}

function volumeReferences(volume: Fields, to: (kind: string, label: string) => (name: string | undefined) => Reference[]): Reference[] {
  const projected = list(at(volume, 'projected', 'sources'));
  return [
    ...to('Secret', 'volume')(text(at(volume, 'secret', 'secretName'))),
    ...to('ConfigMap', 'volume')(text(at(volume, 'configMap', 'name'))),
    ...to('PersistentVolumeClaim', 'volume')(text(at(volume, 'persistentVolumeClaim', 'claimName'))),
    ...projected.flatMap((source) => [
      ...to('Secret', 'volume')(text(at(source, 'secret', 'name'))),
      ...to('ConfigMap', 'volume')(text(at(source, 'configMap', 'name'))),
    ]),
  ];
}
