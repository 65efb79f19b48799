/**
 * The least the demo-expiry CronJob needs: exactly the calls `tenant expire`
 * makes, derived from the kinds a demo tenant's chart creates (so the rules
 * cannot drift from the chart) and from the applier's data protection (so
 * with data kept it cannot delete a Namespace, PVC or database at all).
 * Split by where they hold: the system chart's ClusterRole has only what is
 * cluster-scoped (finding demo namespaces, deleting them with their data);
 * everything namespaced is a Role in each demo tenant's own namespace, so no
 * other namespace (the system's database credentials, paying tenants'
 * Secrets) is reachable. Discovery (/api, /apis) is open to every
 * authenticated account already.
 */
import { App, Chart } from 'cdk8s';
import { apiResourceOf, RoleGrant, type AccessRule, type ManifestObject, type RoleGrantProps } from '../../constructs/index.js';
import { applySetFor } from '../apply/applyset.js';
import { DELETE_WITH_NAMESPACE_ANNOTATION, leftToNamespace } from '../apply/delete.js';
import { isProtected } from '../apply/prune.js';
import { definePlatform } from '../platform/load.js';
import { SYSTEM_NAMESPACE } from '../platform/naming.js';
import { grantVerbs, groupRules, type GrantedVerbs } from './group-rules.js';
import { TenantChart } from './tenant-chart.js';

/** The CronJob, its ServiceAccount, and the roles and bindings granting it. */
export const DEMO_EXPIRY_NAME = 'demo-expiry';

/** The Role and RoleBinding of a demo tenant's chart: the CronJob's rights in that namespace, and only there. */
export function demoExpiryGrant(namespace: string, deleteData: boolean): RoleGrantProps {
  return grantProps(namespace, demoExpiryTenantRules(deleteData, namespace));
}

/** For the system chart's ClusterRole. */
export function demoExpiryClusterRules(deleteData: boolean): readonly AccessRule[] {
  return derived(deleteData).cluster;
}

/** For the Role in a demo tenant's namespace: its kinds, and its ApplySet parent Secret by name. */
export function demoExpiryTenantRules(deleteData: boolean, namespace: string): AccessRule[] {
  // The instance of a tenant is named after its namespace, and so is its parent: read the inventory, rewrite it to the members kept.
  const parent: AccessRule = { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'patch'], resourceNames: [applySetFor(namespace, namespace).name] };
  return [...derived(deleteData).namespaced, parent];
}

function grantProps(namespace: string, rules: readonly AccessRule[]): RoleGrantProps {
  return {
    name: DEMO_EXPIRY_NAME,
    namespace,
    rules,
    serviceAccount: { name: DEMO_EXPIRY_NAME, namespace: SYSTEM_NAMESPACE },
    // Deprovisioning must not take the CronJob's access away before it is done, nor from a namespace kept with its data.
    annotations: { [DELETE_WITH_NAMESPACE_ANNOTATION]: 'true' },
  };
}

interface DerivedRules {
  readonly cluster: readonly AccessRule[];
  readonly namespaced: readonly AccessRule[];
}

const cache = new Map<boolean, DerivedRules>();

function derived(deleteData: boolean): DerivedRules {
  let rules = cache.get(deleteData);
  if (!rules) {
    rules = derive(deleteData);
    cache.set(deleteData, rules);
  }
  return rules;
}

function derive(deleteData: boolean): DerivedRules {
  const cluster: GrantedVerbs = new Map();
  const namespaced: GrantedVerbs = new Map();
  for (const object of demoTenantObjects()) {
    const { group, resource, namespaced: inNamespace } = apiResourceOf(object.apiVersion, object.kind);
    // list: members are found by their ApplySet label; delete: deprovisioning removes them, except the
    // objects it leaves to their namespace and, while data is kept, Namespaces, PVCs and database Clusters.
    const verbs = leftToNamespace(object) || (isProtected(object) && !deleteData) ? ['list'] : ['delete', 'list'];
    grantVerbs(inNamespace ? namespaced : cluster, group, resource, verbs);
  }
  // Finding demo tenants: Namespaces labelled mechanicbuddy.app/tier=demo.
  grantVerbs(cluster, '', 'namespaces', ['list']);
  return { cluster: groupRules(cluster), namespaced: groupRules(namespaced) };
}

/**
 * Demo tenants in every branch of the chart that a demo can reach (a custom domain, PodMonitors on),
 * plus the grant itself, built apart: the chart's own grant would need these rules first.
 */
function demoTenantObjects(): ManifestObject[] {
  const platform = definePlatform({
    global: { monitoring: { podMonitors: true } },
    tenants: [{ id: 'variant-demo', name: 'demo', tier: 'demo', placement: 'dedicated', createdAt: '2026-01-01', customDomains: ['variant.example.com'] }],
  }, 'demo tenant variants');
  const charts = platform.tenants.map((tenant) => new TenantChart(new App(), tenant.id, { platform, tenant }));
  const grant = new Chart(new App(), 'grant');
  new RoleGrant(grant, 'Grant', grantProps(charts[0].plan.namespace, []));
  return [...charts, grant].flatMap((chart) => chart.toJson() as ManifestObject[]);
}
