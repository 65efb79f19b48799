/**
 * The least the demo-expiry CronJob needs: exactly the calls `tenant expire`
 * makes, derived from the kinds a demo tenant's chart creates (so the rules
 * cannot drift from the chart) and from the applier's data protection (so
 * with data kept it cannot delete a Namespace, PVC or database at all).
 * Discovery (/api, /apis) is open to every authenticated account already.
 */
import { App } from 'cdk8s';
import { apiResourceOf, type AccessRule, type ManifestObject } from '../../constructs/index.js';
import { isProtected } from '../apply/prune.js';
import { definePlatform } from '../platform/load.js';
import { TenantChart } from './tenant-chart.js';

/** Demo tenants in every branch of the chart that a demo can reach: a custom domain, PodMonitors on. */
function demoTenantObjects(): ManifestObject[] {
  const platform = definePlatform({
    global: { monitoring: { podMonitors: true } },
    tenants: [{ id: 'variant-demo', name: 'demo', tier: 'demo', placement: 'dedicated', createdAt: '2026-01-01', customDomains: ['variant.example.com'] }],
  }, 'demo tenant variants');
  return platform.tenants.flatMap((tenant) => new TenantChart(new App(), tenant.id, { platform, tenant }).toJson() as ManifestObject[]);
}

export function demoExpiryRules(deleteData: boolean): AccessRule[] {
  const verbs = new Map<string, Set<string>>();
  const grant = (group: string, resource: string, granted: readonly string[]) => {
    const key = `${group}/${resource}`;
    verbs.set(key, new Set([...(verbs.get(key) ?? []), ...granted]));
  };
  for (const object of demoTenantObjects()) {
    const { group, resource } = apiResourceOf(object.apiVersion, object.kind);
    // list: members are found by their ApplySet label; delete: deprovisioning removes them,
    // except Namespaces, PVCs and database Clusters while data is kept.
    grant(group, resource, !isProtected(object) || deleteData ? ['delete', 'list'] : ['list']);
  }
  // Finding demo tenants: Namespaces labelled mechanicbuddy.app/tier=demo.
  grant('', 'namespaces', ['list']);
  // The ApplySet parent Secret: read the inventory, rewrite it to the members kept; removed once nothing is left (data deleted).
  grant('', 'secrets', deleteData ? ['delete', 'get', 'patch'] : ['get', 'patch']);
  const byVerbs = new Map<string, AccessRule & { resources: string[] }>();
  for (const [key, set] of [...verbs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [group, resource] = key.split('/');
    const sorted = [...set].sort();
    const ruleKey = `${group}|${sorted.join(',')}`;
    const rule = byVerbs.get(ruleKey) ?? { apiGroups: [group], resources: [], verbs: sorted };
    rule.resources.push(resource);
    byVerbs.set(ruleKey, rule);
  }
  return [...byVerbs.values()];
}
