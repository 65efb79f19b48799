/** Namespace isolation: a quota that holds what runs, and default-deny networking. */
import { bytes, cpuMillis, namespaceFootprint, parseQuantity, type Footprint } from '../../../constructs/index.js';
import type { UnitRule } from '../rule.js';

const QUOTA_KEYS: readonly { key: string; need: (f: Footprint) => number; parse: (q: string) => number; show: (n: number) => string }[] = [
  { key: 'requests.cpu', need: (f) => f.requestsCpu, parse: cpuMillis, show: (n) => `${n}m` },
  { key: 'limits.cpu', need: (f) => f.limitsCpu, parse: cpuMillis, show: (n) => `${n}m` },
  { key: 'requests.memory', need: (f) => f.requestsMemory, parse: bytes, show: (n) => `${Math.ceil(n / 2 ** 20)}Mi` },
  { key: 'limits.memory', need: (f) => f.limitsMemory, parse: bytes, show: (n) => `${Math.ceil(n / 2 ** 20)}Mi` },
  { key: 'requests.storage', need: (f) => f.storage, parse: bytes, show: (n) => `${Math.ceil(n / 2 ** 30)}Gi` },
  { key: 'persistentvolumeclaims', need: (f) => f.persistentVolumeClaims, parse: parseQuantity, show: String },
  { key: 'pods', need: (f) => f.pods, parse: parseQuantity, show: String },
  { key: 'services', need: (f) => f.services, parse: parseQuantity, show: String },
];

export const quotaFitsRule: UnitRule = {
  id: 'quota/fits-workloads',
  scope: 'unit',
  severity: 'error',
  title: 'each ResourceQuota holds its namespace\'s workloads at HPA maximum, with rolling-update surge',
  hint: 'raise the quota (or lower replicas/resources); TenantNamespace computes it for you',
  check(unit, report) {
    for (const located of unit.ofKind('ResourceQuota')) {
      const hard = (located.object as unknown as { spec?: { hard?: Record<string, string | number> } }).spec?.hard ?? {};
      const need = namespaceFootprint(unit.inNamespace(located.object.metadata.namespace ?? '').map((o) => o.object));
      for (const { key, need: required, parse, show } of QUOTA_KEYS) {
        const limit = hard[key];
        if (limit === undefined) continue;
        const have = parse(String(limit));
        if (have < required(need)) {
          report(located, `${key} is ${limit} but the namespace needs ${show(required(need))} at its maximum`, { path: `spec.hard["${key}"]` });
        }
      }
    }
  },
};

export const defaultDenyRule: UnitRule = {
  id: 'network/default-deny',
  scope: 'unit',
  severity: 'error',
  title: 'every namespace we create closes ingress and egress by default',
  hint: 'add a NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] and no rules (TenantNamespace does)',
  check(unit, report) {
    for (const namespace of unit.ofKind('Namespace')) {
      const name = namespace.object.metadata.name;
      const denies = unit.ofKind('NetworkPolicy').some(({ object }) => {
        const spec = (object as unknown as { spec?: { podSelector?: Record<string, unknown>; policyTypes?: string[]; ingress?: unknown[]; egress?: unknown[] } }).spec;
        return object.metadata.namespace === name
          && spec?.podSelector !== undefined && Object.keys(spec.podSelector).length === 0
          && ['Ingress', 'Egress'].every((type) => spec.policyTypes?.includes(type))
          && !spec.ingress?.length && !spec.egress?.length;
      });
      if (!denies) report(namespace, `namespace ${name} has no default-deny NetworkPolicy`);
    }
  },
};
