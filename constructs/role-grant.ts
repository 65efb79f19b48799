/**
 * A Role and its RoleBinding in one namespace, granted to a ServiceAccount
 * that may live in another: the rules stop at this namespace, whatever the
 * account is allowed elsewhere.
 */
import { Construct } from 'constructs';
import type { AccessRule } from './api-access.js';
import { k8s } from './k8s.js';
import { assertDnsLabel } from './names.js';

export interface RoleGrantProps {
  /** Name of the Role and the RoleBinding. */
  readonly name: string;
  /** Namespace of the Role and the RoleBinding, the only one the rules apply in. */
  readonly namespace: string;
  readonly rules: readonly AccessRule[];
  /** The ServiceAccount granted the rules; its namespace may be another one. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

export class RoleGrant extends Construct {
  constructor(scope: Construct, id: string, props: RoleGrantProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'role name');
    const metadata = () => ({
      name: props.name,
      namespace: props.namespace,
      labels: props.labels && { ...props.labels },
      annotations: props.annotations && { ...props.annotations },
    });
    new k8s.KubeRole(this, 'Resource', { metadata: metadata(), rules: policyRules(props.name, props.rules) });
    new k8s.KubeRoleBinding(this, 'Binding', {
      metadata: metadata(),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
      subjects: [{ kind: 'ServiceAccount', ...props.serviceAccount }],
    });
  }
}

/** The rules as Kubernetes takes them; a wildcard is refused, so a role never grows with the cluster's kinds. */
export function policyRules(owner: string, rules: readonly AccessRule[]): k8s.PolicyRule[] {
  for (const rule of rules) {
    for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
      if (rule[field].includes('*')) throw new Error(`access "${owner}": a rule lists "*" in ${field}; name every ${field.slice(0, -1)} explicitly`);
    }
  }
  return rules.map((rule) => ({
    apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs], resourceNames: rule.resourceNames && [...rule.resourceNames],
  }));
}
