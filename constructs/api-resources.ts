/**
 * Kind -> API resource (group, plural, scope) for the kinds our charts create,
 * so RBAC rules can be derived from synthesized objects. An unknown kind is an
 * error: a derived permission set must never silently miss one.
 */

export interface ApiResource {
  readonly group: string;
  readonly resource: string;
  readonly namespaced: boolean;
}

const RESOURCES: Readonly<Record<string, ApiResource>> = {
  'v1/Namespace': { group: '', resource: 'namespaces', namespaced: false },
  'v1/Service': { group: '', resource: 'services', namespaced: true },
  'v1/Secret': { group: '', resource: 'secrets', namespaced: true },
  'v1/ConfigMap': { group: '', resource: 'configmaps', namespaced: true },
  'v1/ServiceAccount': { group: '', resource: 'serviceaccounts', namespaced: true },
  'v1/PersistentVolumeClaim': { group: '', resource: 'persistentvolumeclaims', namespaced: true },
  'v1/ResourceQuota': { group: '', resource: 'resourcequotas', namespaced: true },
  'v1/LimitRange': { group: '', resource: 'limitranges', namespaced: true },
  'v1/Pod': { group: '', resource: 'pods', namespaced: true },
  'apps/v1/Deployment': { group: 'apps', resource: 'deployments', namespaced: true },
  'apps/v1/StatefulSet': { group: 'apps', resource: 'statefulsets', namespaced: true },
  'batch/v1/Job': { group: 'batch', resource: 'jobs', namespaced: true },
  'batch/v1/CronJob': { group: 'batch', resource: 'cronjobs', namespaced: true },
  'autoscaling/v2/HorizontalPodAutoscaler': { group: 'autoscaling', resource: 'horizontalpodautoscalers', namespaced: true },
  'policy/v1/PodDisruptionBudget': { group: 'policy', resource: 'poddisruptionbudgets', namespaced: true },
  'networking.k8s.io/v1/Ingress': { group: 'networking.k8s.io', resource: 'ingresses', namespaced: true },
  'networking.k8s.io/v1/NetworkPolicy': { group: 'networking.k8s.io', resource: 'networkpolicies', namespaced: true },
  'rbac.authorization.k8s.io/v1/Role': { group: 'rbac.authorization.k8s.io', resource: 'roles', namespaced: true },
  'rbac.authorization.k8s.io/v1/RoleBinding': { group: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespaced: true },
  'rbac.authorization.k8s.io/v1/ClusterRole': { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', namespaced: false },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', namespaced: false },
  'postgresql.cnpg.io/v1/Cluster': { group: 'postgresql.cnpg.io', resource: 'clusters', namespaced: true },
  'postgresql.cnpg.io/v1/ScheduledBackup': { group: 'postgresql.cnpg.io', resource: 'scheduledbackups', namespaced: true },
  'postgresql.cnpg.io/v1/Backup': { group: 'postgresql.cnpg.io', resource: 'backups', namespaced: true },
  'barmancloud.cnpg.io/v1/ObjectStore': { group: 'barmancloud.cnpg.io', resource: 'objectstores', namespaced: true },
  'cert-manager.io/v1/Certificate': { group: 'cert-manager.io', resource: 'certificates', namespaced: true },
  'cert-manager.io/v1/ClusterIssuer': { group: 'cert-manager.io', resource: 'clusterissuers', namespaced: false },
  'monitoring.coreos.com/v1/PodMonitor': { group: 'monitoring.coreos.com', resource: 'podmonitors', namespaced: true },
  'monitoring.coreos.com/v1/ServiceMonitor': { group: 'monitoring.coreos.com', resource: 'servicemonitors', namespaced: true },
  'argoproj.io/v1alpha1/Application': { group: 'argoproj.io', resource: 'applications', namespaced: true },
  'source.toolkit.fluxcd.io/v1/GitRepository': { group: 'source.toolkit.fluxcd.io', resource: 'gitrepositories', namespaced: true },
  'kustomize.toolkit.fluxcd.io/v1/Kustomization': { group: 'kustomize.toolkit.fluxcd.io', resource: 'kustomizations', namespaced: true },
};

export function apiResourceOf(apiVersion: string, kind: string): ApiResource {
  const resource = RESOURCES[`${apiVersion}/${kind}`];
  if (!resource) throw new Error(`no API resource is known for ${apiVersion} ${kind}; add it to constructs/api-resources.ts`);
  return resource;
}

/** Whether a kind is cluster-scoped; unknown kinds are treated as namespaced. */
export function isClusterScoped(apiVersion: string, kind: string): boolean {
  return RESOURCES[`${apiVersion}/${kind}`]?.namespaced === false;
}
