/** The recommended labels (kubernetes.io common labels) and the immutable selector subset. */

export const MANAGED_BY = 'saas-charts';

export interface AppIdentity {
  /** `app.kubernetes.io/name`: the application, e.g. `mechanicbuddy-api`. */
  readonly name: string;
  /** `app.kubernetes.io/instance`: unique per deployment unit, e.g. `tenant-acme`. */
  readonly instance: string;
  /** `app.kubernetes.io/component`: role, e.g. `api`, `database`. */
  readonly component: string;
  /** `app.kubernetes.io/part-of`: the product, e.g. `mechanicbuddy`. */
  readonly partOf: string;
  /** `app.kubernetes.io/version`; never used in selectors. @default - no version label */
  readonly version?: string;
}

export function recommendedLabels(identity: AppIdentity): Record<string, string> {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': identity.name,
    'app.kubernetes.io/instance': identity.instance,
    'app.kubernetes.io/component': identity.component,
    'app.kubernetes.io/part-of': identity.partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
  if (identity.version !== undefined) labels['app.kubernetes.io/version'] = labelValue(identity.version);
  return labels;
}

/** Selectors use name + instance only: they are immutable on Deployments and StatefulSets. */
export function selectorLabels(identity: AppIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': identity.name,
    'app.kubernetes.io/instance': identity.instance,
  };
}

/** A label value (63 characters of [A-Za-z0-9_.-]) derived from free text such as an image tag. */
export function labelValue(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
