/** The kinds the fake serves: the built-in ones the charts synthesize; CRD kinds join at run time. */

export interface ResourceType {
  readonly group: string;
  readonly version: string;
  /** Plural, as in the URL: `deployments`. */
  readonly resource: string;
  readonly singular: string;
  readonly kind: string;
  readonly listKind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  /** Has a `/status` subresource: writes to the main resource keep the stored status. */
  readonly statusSubresource: boolean;
  /** `metadata.generation` is kept and bumped when the spec changes. */
  readonly tracksGeneration: boolean;
  /** Served by a CustomResourceDefinition of this name (custom resources only). */
  readonly definedBy?: string;
}

export function apiVersionOf(type: { readonly group: string; readonly version: string }): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

export function splitApiVersion(apiVersion: string): { readonly group: string; readonly version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export const NAMESPACED_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
const NAMESPACE_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] as const;

interface BuiltIn {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespaced?: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly status?: boolean;
  readonly generation?: boolean;
  readonly verbs?: readonly string[];
}

const BUILT_INS: readonly BuiltIn[] = [
  { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false, shortNames: ['ns'], status: true, verbs: NAMESPACE_VERBS },
  { group: '', version: 'v1', kind: 'Service', resource: 'services', shortNames: ['svc'], categories: ['all'], status: true },
  { group: '', version: 'v1', kind: 'Secret', resource: 'secrets' },
  { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', shortNames: ['cm'] },
  { group: '', version: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', shortNames: ['sa'] },
  { group: '', version: 'v1', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', shortNames: ['pvc'], status: true },
  { group: '', version: 'v1', kind: 'ResourceQuota', resource: 'resourcequotas', shortNames: ['quota'], status: true },
  { group: '', version: 'v1', kind: 'LimitRange', resource: 'limitranges', shortNames: ['limits'] },
  { group: '', version: 'v1', kind: 'Pod', resource: 'pods', shortNames: ['po'], categories: ['all'], status: true },
  { group: '', version: 'v1', kind: 'Event', resource: 'events', shortNames: ['ev'] },
  { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', shortNames: ['deploy'], categories: ['all'], status: true, generation: true },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', resource: 'statefulsets', shortNames: ['sts'], categories: ['all'], status: true, generation: true },
  { group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs', categories: ['all'], status: true, generation: true },
  { group: 'batch', version: 'v1', kind: 'CronJob', resource: 'cronjobs', shortNames: ['cj'], categories: ['all'], status: true, generation: true },
  { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', resource: 'ingresses', shortNames: ['ing'], status: true, generation: true },
  { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', resource: 'networkpolicies', shortNames: ['netpol'], generation: true },
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', shortNames: ['pdb'], status: true, generation: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', resource: 'roles' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', resource: 'rolebindings' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', resource: 'clusterroles', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', namespaced: false },
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', shortNames: ['hpa'], categories: ['all'], status: true, generation: true },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    resource: 'customresourcedefinitions',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    status: true,
    generation: true,
  },
];

export const BUILT_IN_TYPES: readonly ResourceType[] = BUILT_INS.map((entry) => ({
  group: entry.group,
  version: entry.version,
  resource: entry.resource,
  singular: entry.kind.toLowerCase(),
  kind: entry.kind,
  listKind: `${entry.kind}List`,
  namespaced: entry.namespaced ?? true,
  verbs: entry.verbs ?? NAMESPACED_VERBS,
  shortNames: entry.shortNames ?? [],
  categories: entry.categories ?? [],
  statusSubresource: entry.status ?? false,
  tracksGeneration: entry.generation ?? false,
}));

export const CRD_GROUP = 'apiextensions.k8s.io';
