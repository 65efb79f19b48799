/**
 * Apply order, shared by the files we write and the applier. Objects go in
 * stages: cluster definitions, namespace configuration, data (the database),
 * the migration Job, workloads, then the edge (certificates, ingress,
 * GitOps objects). Inside a stage, Flux's `ssa` kind order
 * (fluxcd/pkg ssa/sort.go) then the order the chart declared them in.
 */
import type { ManifestObject } from '../../constructs/index.js';

export enum ApplyStage {
  /** Waited before the rest (namespaces must be Active, CRDs Established). */
  CLUSTER_DEFINITIONS = 0,
  NAMESPACE_CONFIGURATION = 1,
  /** Waited: the migration needs a ready database. */
  DATA = 2,
  /** Waited: the app rolls only after the schema is migrated. */
  MIGRATION = 3,
  WORKLOADS = 4,
  EDGE = 5,
}

const FLUX_KIND_ORDER = [
  'CustomResourceDefinition', 'Namespace', 'ClusterRole', 'ClusterClass', 'RuntimeClass', 'PriorityClass', 'StorageClass',
  'VolumeSnapshotClass', 'IngressClass', 'GatewayClass', 'ClusterRoleBinding', 'ResourceQuota', 'ServiceAccount', 'Role',
  'RoleBinding', 'ConfigMap', 'Secret', 'Service', 'LimitRange', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const FLUX_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

const STAGE_OF_KIND: Readonly<Record<string, ApplyStage>> = {
  CustomResourceDefinition: ApplyStage.CLUSTER_DEFINITIONS,
  Namespace: ApplyStage.CLUSTER_DEFINITIONS,
  ClusterRole: ApplyStage.CLUSTER_DEFINITIONS,
  ClusterRoleBinding: ApplyStage.NAMESPACE_CONFIGURATION,
  ClusterIssuer: ApplyStage.NAMESPACE_CONFIGURATION,
  ResourceQuota: ApplyStage.NAMESPACE_CONFIGURATION,
  LimitRange: ApplyStage.NAMESPACE_CONFIGURATION,
  NetworkPolicy: ApplyStage.NAMESPACE_CONFIGURATION,
  ServiceAccount: ApplyStage.NAMESPACE_CONFIGURATION,
  Role: ApplyStage.NAMESPACE_CONFIGURATION,
  RoleBinding: ApplyStage.NAMESPACE_CONFIGURATION,
  ConfigMap: ApplyStage.NAMESPACE_CONFIGURATION,
  Secret: ApplyStage.NAMESPACE_CONFIGURATION,
  ObjectStore: ApplyStage.NAMESPACE_CONFIGURATION,
  PersistentVolumeClaim: ApplyStage.DATA,
  Cluster: ApplyStage.DATA,
  ScheduledBackup: ApplyStage.DATA,
  PodMonitor: ApplyStage.DATA,
  Job: ApplyStage.MIGRATION,
  Certificate: ApplyStage.EDGE,
  Ingress: ApplyStage.EDGE,
  Application: ApplyStage.EDGE,
  GitRepository: ApplyStage.EDGE,
  Kustomization: ApplyStage.EDGE,
};

export function applyStage(kind: string): ApplyStage {
  return STAGE_OF_KIND[kind] ?? ApplyStage.WORKLOADS;
}

function fluxRank(kind: string): number {
  const first = FLUX_KIND_ORDER.indexOf(kind);
  if (first >= 0) return first;
  const last = FLUX_LAST.indexOf(kind);
  return last >= 0 ? FLUX_KIND_ORDER.length + 1 + last : FLUX_KIND_ORDER.length;
}

/** A stable sort: stage, Flux kind rank, then declaration order. */
export function sortForApply<T extends Pick<ManifestObject, 'kind'>>(objects: readonly T[]): T[] {
  return objects
    .map((object, index) => ({ object, index, stage: applyStage(object.kind), rank: fluxRank(object.kind) }))
    .sort((a, b) => a.stage - b.stage || a.rank - b.rank || a.index - b.index)
    .map(({ object }) => object);
}

/** Delete runs the apply order backwards. */
export function sortForDelete<T extends Pick<ManifestObject, 'kind'>>(objects: readonly T[]): T[] {
  return sortForApply(objects).reverse();
}
