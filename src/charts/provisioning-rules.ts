/**
 * The management API provisions tenants from inside the cluster (seed 003).
 * Its permissions are derived from the kinds the tenant chart creates, in
 * every variant, so provisioning can never lack one; seed 003's "RBAC
 * Requirements" list is the floor. No wildcards.
 */
import { App } from 'cdk8s';
import { apiResourceOf, type AccessRule, type ManifestObject } from '../../constructs/index.js';
import { definePlatform } from '../platform/load.js';
import { TIERS } from '../platform/schema.js';
import { TenantChart } from './tenant-chart.js';

/** Everything the applier does to an object it owns: server-side apply, wait, prune. */
export const MANAGE_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] as const;

/** Seed 003, "RBAC Requirements". */
export const SEED_003_FLOOR: readonly AccessRule[] = [
  { apiGroups: [''], resources: ['namespaces'], verbs: ['create', 'delete', 'get', 'list'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'delete', 'get'] },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['create', 'delete', 'get', 'list', 'update'] },
  { apiGroups: [''], resources: ['services'], verbs: ['create', 'delete', 'get', 'list', 'update'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['create', 'delete', 'get', 'list', 'update'] },
  { apiGroups: ['postgresql.cnpg.io'], resources: ['clusters'], verbs: ['create', 'delete', 'get', 'list', 'update', 'watch'] },
];

/**
 * Beyond the chart's own kinds: declared Secrets and the ApplySet parent, the
 * revision record of every apply and the tier-upgrade progress record (both
 * ConfigMaps), events for status reports.
 */
const PROVISIONER_EXTRAS: readonly AccessRule[] = [
  { apiGroups: [''], resources: ['secrets'], verbs: MANAGE_VERBS },
  { apiGroups: [''], resources: ['configmaps'], verbs: MANAGE_VERBS },
  { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
];

/** Tenants covering every branch of the tenant chart: each tier, a custom domain, monitoring on. */
function everyTenantVariant(): ManifestObject[] {
  const platform = definePlatform({
    global: { monitoring: { podMonitors: true } },
    tenants: TIERS.map((tier, index) => ({
      id: `variant-${tier}`, name: tier, tier, placement: 'dedicated' as const, createdAt: '2026-01-01',
      customDomains: index === 0 ? ['variant.example.com'] : [],
    })),
  }, 'tenant chart variants');
  return platform.tenants.flatMap((tenant) => new TenantChart(new App(), tenant.id, { platform, tenant }).toJson() as ManifestObject[]);
}

let cached: readonly AccessRule[] | undefined;

export function tenantProvisioningRules(): readonly AccessRule[] {
  cached ??= buildRules();
  return cached;
}

function buildRules(): AccessRule[] {
  const verbs = new Map<string, Set<string>>();
  const grant = (group: string, resource: string, granted: readonly string[]) => {
    const key = `${group}/${resource}`;
    const set = verbs.get(key) ?? new Set<string>();
    granted.forEach((verb) => set.add(verb));
    verbs.set(key, set);
  };
  for (const object of everyTenantVariant()) {
    const { group, resource } = apiResourceOf(object.apiVersion, object.kind);
    grant(group, resource, MANAGE_VERBS);
  }
  for (const rule of [...SEED_003_FLOOR, ...PROVISIONER_EXTRAS]) {
    for (const group of rule.apiGroups) for (const resource of rule.resources) grant(group, resource, rule.verbs);
  }
  return groupRules(verbs);
}

/** One rule per (API group, verb set), resources sorted: compact and deterministic. */
function groupRules(verbs: ReadonlyMap<string, ReadonlySet<string>>): AccessRule[] {
  const rules = new Map<string, { group: string; verbs: string[]; resources: string[] }>();
  for (const [key, set] of verbs) {
    const slash = key.indexOf('/');
    const group = key.slice(0, slash);
    const sortedVerbs = [...set].sort();
    const ruleKey = `${group}|${sortedVerbs.join(',')}`;
    const rule = rules.get(ruleKey) ?? { group, verbs: sortedVerbs, resources: [] };
    rule.resources.push(key.slice(slash + 1));
    rules.set(ruleKey, rule);
  }
  const order = (rule: { group: string; verbs: string[] }) => `${rule.group}\u0000${rule.verbs.join(',')}`;
  return [...rules.values()]
    .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
    .map((rule) => ({ apiGroups: [rule.group], resources: rule.resources.sort(), verbs: rule.verbs }));
}
