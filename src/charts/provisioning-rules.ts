/**
 * The management API provisions tenants from inside the cluster (seed 003).
 * Its permissions are derived from the kinds the tenant chart creates, in
 * every variant, so provisioning can never lack one; seed 003's "RBAC
 * Requirements" list is the floor. No wildcards; Roles and bindings (the
 * demo-expiry grant, when enabled) only by name where RBAC allows it.
 */
import { App } from 'cdk8s';
import { apiResourceOf, type AccessRule, type ManifestObject } from '../../constructs/index.js';
import { definePlatform } from '../platform/load.js';
import { TIERS } from '../platform/schema.js';
import { grantVerbs, groupRules, type GrantedVerbs } from './group-rules.js';
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

export interface ProvisioningRulesOptions {
  /** Demo tenants' charts hold the demo-expiry Role and RoleBinding (system.demoExpiryJob.enabled). @default false */
  readonly demoExpiryGrant?: boolean;
}

/** Tenants covering every branch of the tenant chart: each tier, a custom domain, monitoring on. */
function everyTenantVariant(options: ProvisioningRulesOptions): ManifestObject[] {
  const platform = definePlatform({
    global: { monitoring: { podMonitors: true } },
    system: { demoExpiryJob: { enabled: options.demoExpiryGrant ?? false } },
    tenants: TIERS.map((tier, index) => ({
      id: `variant-${tier}`, name: tier, tier, placement: 'dedicated' as const, createdAt: '2026-01-01',
      customDomains: index === 0 ? ['variant.example.com'] : [],
    })),
  }, 'tenant chart variants');
  return platform.tenants.flatMap((tenant) => new TenantChart(new App(), tenant.id, { platform, tenant }).toJson() as ManifestObject[]);
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';
/** The verbs of MANAGE_VERBS that name one object, so RBAC can limit them to the chart's own. */
const NAMED_VERBS = ['delete', 'get', 'patch', 'update'];

const cached = new Map<boolean, readonly AccessRule[]>();

export function tenantProvisioningRules(options: ProvisioningRulesOptions = {}): readonly AccessRule[] {
  const key = options.demoExpiryGrant ?? false;
  let rules = cached.get(key);
  if (!rules) {
    rules = buildRules(options);
    cached.set(key, rules);
  }
  return rules;
}

function buildRules(options: ProvisioningRulesOptions): AccessRule[] {
  const verbs: GrantedVerbs = new Map();
  const grant = (group: string, resource: string, granted: readonly string[]) => grantVerbs(verbs, group, resource, granted);
  const rbacNames = new Map<string, Set<string>>();
  for (const object of everyTenantVariant(options)) {
    const { group, resource } = apiResourceOf(object.apiVersion, object.kind);
    if (group !== RBAC_GROUP) {
      grant(group, resource, MANAGE_VERBS);
      continue;
    }
    // Roles and bindings: create, list and watch cannot be limited by name, the rest only touch the chart's own
    // (the API server refuses to create one that grants more than the provisioner holds itself).
    grant(group, resource, MANAGE_VERBS.filter((verb) => !NAMED_VERBS.includes(verb)));
    rbacNames.set(resource, new Set([...(rbacNames.get(resource) ?? []), object.metadata.name]));
  }
  for (const rule of [...SEED_003_FLOOR, ...PROVISIONER_EXTRAS]) {
    for (const group of rule.apiGroups) for (const resource of rule.resources) grant(group, resource, rule.verbs);
  }
  const resourcesByNames = new Map<string, string[]>();
  for (const [resource, names] of [...rbacNames].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const key = [...names].sort().join(',');
    resourcesByNames.set(key, [...(resourcesByNames.get(key) ?? []), resource]);
  }
  const named = [...resourcesByNames].map(([names, resources]): AccessRule => ({ apiGroups: [RBAC_GROUP], resources, verbs: NAMED_VERBS, resourceNames: names.split(',') }));
  return [...groupRules(verbs), ...named];
}
