/**
 * An isolated namespace: Pod Security level, a ResourceQuota computed from
 * what the namespace actually runs (or fixed by a contract, and then checked
 * to hold it), a LimitRange for pods we do not write (ACME solvers), and a
 * default-deny NetworkPolicy with named allowances.
 */
import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScoped } from './cluster-scoped.js';
import { addFootprints, EMPTY_FOOTPRINT, FOOTPRINT_KINDS, namespaceFootprint, type Footprint, type ManifestObject } from './footprint.js';
import { k8s } from './k8s.js';
import { assertDnsLabel } from './names.js';
import { NetworkAllowance } from './network-allowance.js';
import { objectJson } from './object-json.js';
import { KEEP_ANNOTATIONS } from './persistent-claim.js';
import { bytes, cpuMillis, formatBytes, formatCpu, isQuantity, parseQuantity } from './quantity.js';

export type PodSecurityLevel = 'restricted' | 'baseline';

/** cert-manager's default HTTP-01 solver pod resources (requests 10m/64Mi, limits 100m/64Mi). */
export const ACME_SOLVER_FOOTPRINT: Footprint = {
  ...EMPTY_FOOTPRINT, requestsCpu: 10, requestsMemory: 64 * 2 ** 20, limitsCpu: 100, limitsMemory: 64 * 2 ** 20, pods: 1, services: 1,
};

export interface QuotaHeadroom {
  /** Concurrent HTTP-01 challenges (solver pod + Service each). @default 0 */
  readonly acmeSolvers?: number;
  /** Added on top, e.g. for a debugging pod. @default - nothing */
  readonly extra?: Footprint;
}

export interface QuotaSettings {
  /**
   * `spec.hard` exactly as given (a contract such as "4 CPU, 4Gi"), instead of
   * the computed quota. Synthesis fails when it cannot hold the namespace's
   * footprint plus `quotaHeadroom`.
   */
  readonly fixed: Readonly<Record<string, string>>;
}

export interface TenantNamespaceProps {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** @default 'restricted' */
  readonly podSecurity?: PodSecurityLevel;
  /** @default - a quota computed from the namespace's objects, no extra headroom */
  readonly quotaHeadroom?: QuotaHeadroom;
  /** @default - computed from the namespace's objects plus `quotaHeadroom` */
  readonly quota?: QuotaSettings;
  /** Allowances on top of default-deny. @default - DNS only */
  readonly allowances?: readonly NetworkAllowance[];
}

export class TenantNamespace extends Construct {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  readonly namespace: k8s.KubeNamespace;
  readonly quota: k8s.KubeResourceQuota;
  private readonly headroom: QuotaHeadroom;
  private readonly computed: boolean;
  private deferred = false;

  /**
   * A computed quota needs the namespace's other objects rendered. A chart
   * that renders them anyway can defer the quota and complete it from its
   * own output, halving the work (see `completeQuotas`); otherwise the quota
   * renders its siblings itself.
   */
  static deferQuotas(scope: Construct): TenantNamespace[] {
    const namespaces = scope.node.findAll().filter((c): c is TenantNamespace => c instanceof TenantNamespace && c.computed);
    for (const namespace of namespaces) namespace.deferred = true;
    return namespaces;
  }

  /** Fills the deferred quotas of `namespaces` from the rendered objects (in place). */
  static completeQuotas(namespaces: readonly TenantNamespace[], objects: readonly ManifestObject[]): void {
    for (const namespace of namespaces) {
      const quota = objects.find((o) => o.kind === 'ResourceQuota' && o.metadata.namespace === namespace.name && o.metadata.name === namespace.quota.name);
      if (!quota) continue;
      const siblings = objects.filter((o) => o !== quota && o.metadata.namespace === namespace.name);
      (quota as unknown as { spec: { hard: Record<string, string> } }).spec.hard = quotaHardJson(withHeadroom(namespaceFootprint(siblings), namespace.headroom));
    }
  }

  constructor(scope: Construct, id: string, props: TenantNamespaceProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'namespace');
    this.name = props.name;
    this.podSecurity = props.podSecurity ?? 'restricted';
    const level = this.podSecurity;

    this.namespace = clusterScoped(new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/warn': level,
          'pod-security.kubernetes.io/audit': level,
        },
        annotations: { ...KEEP_ANNOTATIONS, ...props.annotations },
      },
    }));

    const fixed = props.quota?.fixed;
    if (fixed) assertFixedQuota(props.name, fixed);
    this.quota = new k8s.KubeResourceQuota(this, 'Quota', {
      metadata: { name: 'compute-and-storage', namespace: props.name },
      spec: fixed
        ? { hard: Object.fromEntries(Object.entries(fixed).map(([key, value]) => [key, k8s.Quantity.fromString(value)])) }
        : Lazy.any({ produce: () => ({ hard: this.deferred ? {} : quotaHard(this.requiredFootprint(props.quotaHeadroom ?? {})) }) }),
    });
    this.headroom = props.quotaHeadroom ?? {};
    this.computed = !fixed;
    // The namespace's objects are only complete once the chart is built.
    if (fixed) this.node.addValidation({ validate: () => fixedQuotaShortfalls(props.name, fixed, this.requiredFootprint(props.quotaHeadroom ?? {})) });

    new k8s.KubeLimitRange(this, 'Limits', {
      metadata: { name: 'container-defaults', namespace: props.name },
      spec: {
        limits: [{
          type: 'Container',
          defaultRequest: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
          default: { cpu: k8s.Quantity.fromString('250m'), memory: k8s.Quantity.fromString('256Mi') },
        }],
      },
    });

    for (const allowance of [NetworkAllowance.defaultDeny(), ...(props.allowances ?? [NetworkAllowance.dns()])]) {
      new k8s.KubeNetworkPolicy(this, `Policy-${allowance.name}`, {
        metadata: { name: allowance.name, namespace: props.name },
        spec: allowance.spec,
      });
    }
  }

  /** What the namespace's other objects need at once, plus headroom. Evaluated at synth time. */
  requiredFootprint(headroom: QuotaHeadroom): Footprint {
    const objects = Chart.of(this).node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c !== this.quota && c.metadata.namespace === this.name && FOOTPRINT_KINDS.has(c.kind))
      .map(objectJson);
    return withHeadroom(namespaceFootprint(objects), headroom);
  }
}

/** Quota keys that bound a footprint field (`cpu` and `memory` are Kubernetes' aliases of the `requests.*` keys). */
const QUOTA_MEASURES: Readonly<Record<string, { readonly need: (f: Footprint) => number; readonly parse: (q: string) => number; readonly show: (n: number) => string }>> = (() => {
  const cpu = (need: (f: Footprint) => number) => ({ need, parse: cpuMillis, show: formatCpu });
  const memory = (need: (f: Footprint) => number) => ({ need, parse: bytes, show: (n: number) => formatBytes(Math.ceil(n / 2 ** 20) * 2 ** 20) });
  const count = (need: (f: Footprint) => number) => ({ need, parse: parseQuantity, show: String });
  return {
    cpu: cpu((f) => f.requestsCpu),
    'requests.cpu': cpu((f) => f.requestsCpu),
    'limits.cpu': cpu((f) => f.limitsCpu),
    memory: memory((f) => f.requestsMemory),
    'requests.memory': memory((f) => f.requestsMemory),
    'limits.memory': memory((f) => f.limitsMemory),
    'requests.storage': { need: (f: Footprint) => f.storage, parse: bytes, show: formatBytes },
    persistentvolumeclaims: count((f) => f.persistentVolumeClaims),
    'count/persistentvolumeclaims': count((f) => f.persistentVolumeClaims),
    pods: count((f) => f.pods),
    'count/pods': count((f) => f.pods),
    services: count((f) => f.services),
    'count/services': count((f) => f.services),
  };
})();

function assertFixedQuota(namespace: string, fixed: Readonly<Record<string, string>>): void {
  if (Object.keys(fixed).length === 0) throw new Error(`namespace "${namespace}": a fixed quota needs at least one entry (omit quota to compute it)`);
  for (const [key, value] of Object.entries(fixed)) {
    if (!isQuantity(value)) throw new Error(`namespace "${namespace}": fixed quota ${key} "${value}" is not a Kubernetes quantity`);
  }
}

/** One message per fixed quota entry that cannot hold what the namespace runs at its maximum. */
function fixedQuotaShortfalls(namespace: string, fixed: Readonly<Record<string, string>>, need: Footprint): string[] {
  return Object.entries(fixed).flatMap(([key, value]) => {
    const measure = QUOTA_MEASURES[key];
    if (!measure || measure.parse(value) >= measure.need(need)) return [];
    return [`namespace "${namespace}": fixed quota ${key} "${value}" is smaller than the ${measure.show(measure.need(need))} its workloads need at their maximum (rolling-update surge and headroom included); raise it or shrink the workloads`];
  });
}

function withHeadroom(footprint: Footprint, headroom: QuotaHeadroom): Footprint {
  let total = footprint;
  for (let i = 0; i < (headroom.acmeSolvers ?? 0); i++) total = addFootprints(total, ACME_SOLVER_FOOTPRINT);
  return headroom.extra ? addFootprints(total, headroom.extra) : total;
}

/** The quota's `hard` values, keys sorted as cdk8s writes them. */
function quotaHardJson(footprint: Footprint): Record<string, string> {
  const mebibytes = (value: number) => formatBytes(Math.ceil(value / 2 ** 20) * 2 ** 20);
  const hard: Record<string, string> = {
    'limits.cpu': formatCpu(footprint.limitsCpu),
    'limits.memory': mebibytes(footprint.limitsMemory),
    persistentvolumeclaims: String(footprint.persistentVolumeClaims),
    pods: String(footprint.pods),
    'requests.cpu': formatCpu(footprint.requestsCpu),
    'requests.memory': mebibytes(footprint.requestsMemory),
    'requests.storage': formatBytes(footprint.storage),
    services: String(footprint.services),
    'services.loadbalancers': '0',
    'services.nodeports': '0',
  };
  return hard;
}

function quotaHard(footprint: Footprint): Record<string, k8s.Quantity> {
  return Object.fromEntries(Object.entries(quotaHardJson(footprint)).map(([key, value]) => [key, k8s.Quantity.fromString(value)]));
}
