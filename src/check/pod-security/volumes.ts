/** Volume checks: hostPath is baseline; restricted allows only the listed inline volume sources. */
import { isSet, listOf, objectOf, quote, stringOf, type JsonObject } from './pod.js';
import type { PodSecurityCheck } from './violation.js';

interface VolumeView {
  readonly name: string;
  readonly path: string;
  readonly value: JsonObject;
}

function volumesOf(spec: JsonObject): VolumeView[] {
  return listOf(spec.volumes).flatMap((item, index) => {
    const value = objectOf(item);
    const path = `volumes[${index}]`;
    return value ? [{ name: stringOf(value.name) ?? path, path, value }] : [];
  });
}

export const hostPathVolumes: PodSecurityCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  source: 'check_hostPathVolumes.go',
  note: 'one version (1.0): volumes[*].hostPath must be unset; at restricted, restrictedVolumes reports it instead',
  evaluate: (pod) =>
    volumesOf(pod.spec)
      .filter((volume) => isSet(volume.value.hostPath))
      .map((volume) => ({
        path: `${volume.path}.hostPath`,
        message: `volume ${quote(volume.name)} must not use hostPath`,
        hint: 'replace the hostPath volume with a persistentVolumeClaim, emptyDir, configMap or secret',
      })),
};

/** Inline sources the restricted level allows (upstream restrictedVolumes_1_0; `image` since Kubernetes 1.33). */
export const RESTRICTED_ALLOWED_VOLUME_SOURCES: readonly string[] = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** The sources upstream names in its message, in its order; anything else is reported as "unknown". */
const NAMED_RESTRICTED_SOURCES: readonly string[] = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

export const restrictedVolumes: PodSecurityCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  source: 'check_restrictedVolumes.go',
  overrides: ['hostPathVolumes'],
  note: 'one version (1.0), amended in place: `image` volumes allowed since Kubernetes 1.33 at every policy version',
  evaluate: (pod) =>
    volumesOf(pod.spec).flatMap((volume) => {
      if (RESTRICTED_ALLOWED_VOLUME_SOURCES.some((source) => isSet(volume.value[source]))) return [];
      // The API server defaults a volume without a source to emptyDir before admission sees it.
      if (Object.entries(volume.value).every(([key, value]) => key === 'name' || !isSet(value))) return [];
      const source = NAMED_RESTRICTED_SOURCES.find((name) => isSet(volume.value[name]));
      return [
        {
          path: source ? `${volume.path}.${source}` : volume.path,
          message: `volume ${quote(volume.name)} uses restricted volume type ${quote(source ?? 'unknown')}`,
          hint: `use one of ${RESTRICTED_ALLOWED_VOLUME_SOURCES.join(', ')} (a PVC for storage)`,
        },
      ];
    }),
};
