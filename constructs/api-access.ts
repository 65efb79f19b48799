/**
 * A ServiceAccount allowed to call the Kubernetes API with an explicit rule
 * list (no wildcards): a Role and RoleBinding in its namespace (a RoleGrant),
 * or a ClusterRole and ClusterRoleBinding when it manages other namespaces.
 */
import { Construct } from 'constructs';
import { clusterScoped } from './cluster-scoped.js';
import { k8s } from './k8s.js';
import { assertDnsLabel } from './names.js';
import { policyRules, RoleGrant } from './role-grant.js';

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
    this.serviceAccountName = props.name;
    const labels = props.labels ? { ...props.labels } : undefined;
    new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      automountServiceAccountToken: false,
    });
    const serviceAccount = { name: props.name, namespace: props.namespace };
    if (!props.clusterWide) {
      new RoleGrant(this, 'Grant', { name: props.name, namespace: props.namespace, rules: props.rules, serviceAccount, labels });
      return;
    }
    clusterScoped(new k8s.KubeClusterRole(this, 'Role', { metadata: { name: props.name, labels }, rules: policyRules(props.name, props.rules) }));
    clusterScoped(new k8s.KubeClusterRoleBinding(this, 'Binding', {
      metadata: { name: props.name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.name },
      subjects: [{ kind: 'ServiceAccount', ...serviceAccount }],
    }));
  }
}
