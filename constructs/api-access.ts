/**
 * A ServiceAccount allowed to call the Kubernetes API with an explicit rule
 * list (no wildcards): a Role and RoleBinding in its namespace, or a
 * ClusterRole and ClusterRoleBinding when it manages other namespaces.
 */
import { Construct } from 'constructs';
import { clusterScoped } from './cluster-scoped.js';
import { k8s } from './k8s.js';
import { assertDnsLabel } from './names.js';

export interface AccessRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  /** @default - every object of the resources */
  readonly resourceNames?: readonly string[];
}

export interface ApiAccessProps {
  /** Name of the ServiceAccount, the role and the binding. */
  readonly name: string;
  readonly namespace: string;
  readonly rules: readonly AccessRule[];
  /** Grant across namespaces (ClusterRole). @default false */
  readonly clusterWide?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

export class ApiAccess extends Construct {
  readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: ApiAccessProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'service account name');
    for (const rule of props.rules) {
      for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
        if (rule[field].includes('*')) throw new Error(`access "${props.name}": a rule lists "*" in ${field}; name every ${field.slice(0, -1)} explicitly`);
      }
    }
    this.serviceAccountName = props.name;
    const labels = props.labels ? { ...props.labels } : undefined;
    new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      automountServiceAccountToken: false,
    });
    const rules = props.rules.map((rule) => ({
      apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs], resourceNames: rule.resourceNames && [...rule.resourceNames],
    }));
    const subjects = [{ kind: 'ServiceAccount', name: props.name, namespace: props.namespace }];
    if (props.clusterWide) {
      clusterScoped(new k8s.KubeClusterRole(this, 'Role', { metadata: { name: props.name, labels }, rules }));
      clusterScoped(new k8s.KubeClusterRoleBinding(this, 'Binding', {
        metadata: { name: props.name, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.name },
        subjects,
      }));
    } else {
      new k8s.KubeRole(this, 'Role', { metadata: { name: props.name, namespace: props.namespace, labels }, rules });
      new k8s.KubeRoleBinding(this, 'Binding', {
        metadata: { name: props.name, namespace: props.namespace, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
        subjects,
      });
    }
  }
}
