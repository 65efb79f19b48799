/** Rules that need the whole platform file: uniqueness, ownership, capacity. */
import { problemAt as problem, type PlatformProblem as Problem } from './issues.js';
import { tenantPlacement } from './tenants.js';
import { gitopsProblems } from './validate-gitops.js';
import { placementProblems as shardAndClusterProblems } from './validate-placement.js';
import { MAX_DNS_LABEL_LENGTH } from '../../constructs/names.js';
import {
  HELPMANAGER_NAMESPACE, SYSTEM_NAMESPACE, brickNamespace, customerNamespace, freeTierNamespace, maxCustomerIdLength, maxTenantIdLength, tenantNamespace,
} from './naming.js';
import type { Platform } from './schema.js';

/** Subdomains of the platform domain that belong to the platform itself. */
export const RESERVED_TENANT_IDS = ['api', 'www', 'admin', 'portal', 'mail'] as const;

export function crossValidate(platform: Platform): Problem[] {
  return [
    ...tenantIdProblems(platform), ...placementProblems(platform), ...domainProblems(platform), ...shardAndClusterProblems(platform),
    ...brickProblems(platform), ...customerProblems(platform), ...namespaceProblems(platform), ...gitopsProblems(platform),
  ];
}

function brickProblems(platform: Platform): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  (platform.bricks?.instances ?? []).forEach((brick, index) => {
    const namespace = brickNamespace(brick.customer, brick.app);
    if (namespace.length > MAX_DNS_LABEL_LENGTH) {
      problems.push(problem(['bricks', 'instances', index, 'customer'], `"${brick.customer}" makes namespace ${namespace} longer than 63 characters`));
    }
    const first = seen.get(namespace);
    if (first === undefined) seen.set(namespace, index);
    else problems.push(problem(['bricks', 'instances', index], `customer "${brick.customer}" already has ${brick.app} (bricks.instances[${first}]); one brick per customer and app`));
  });
  return problems;
}

function customerProblems(platform: Platform): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  (platform.customers?.instances ?? []).forEach((customer, index) => {
    const at = ['customers', 'instances', index, 'id'];
    const max = maxCustomerIdLength();
    if (customer.id.length > max) problems.push(problem(at, `"${customer.id}" is ${customer.id.length} characters; at most ${max} so that the names derived from it stay within 63 characters`));
    const first = seen.get(customer.id);
    if (first === undefined) seen.set(customer.id, index);
    else problems.push(problem(at, `"${customer.id}" is already used by customers.instances[${first}]`));
  });
  return problems;
}

/** Every chart instance owns its namespace: two may not share one. */
function namespaceProblems(platform: Platform): Problem[] {
  const owners = new Map<string, string>();
  const problems: Problem[] = [];
  const claim = (namespace: string, owner: string, at: readonly PropertyKey[]) => {
    const previous = owners.get(namespace);
    if (previous === undefined) owners.set(namespace, owner);
    // Duplicates within one list are reported by that list's own rule.
    else if (previous.split('[')[0] !== owner.split('[')[0]) problems.push(problem(at, `namespace ${namespace} is already used by ${previous}`));
  };
  const shards = Array.from({ length: platform.freeTier.shards }, (_, index) => freeTierNamespace(index + 1));
  for (const namespace of [SYSTEM_NAMESPACE, ...shards, HELPMANAGER_NAMESPACE]) owners.set(namespace, 'the platform');
  platform.tenants.forEach((tenant, index) => {
    if (tenantPlacement(tenant) === 'dedicated') claim(tenantNamespace(tenant.id), `tenants[${index}]`, ['tenants', index, 'id']);
  });
  (platform.bricks?.instances ?? []).forEach((brick, index) => claim(brickNamespace(brick.customer, brick.app), `bricks.instances[${index}]`, ['bricks', 'instances', index, 'customer']));
  (platform.customers?.instances ?? []).forEach((customer, index) => claim(customerNamespace(customer.id), `customers.instances[${index}]`, ['customers', 'instances', index, 'id']));
  return problems;
}

function tenantIdProblems(platform: Platform): Problem[] {
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  platform.tenants.forEach((tenant, index) => {
    const at = ['tenants', index, 'id'];
    const max = maxTenantIdLength();
    if (tenant.id.length > max) {
      problems.push(problem(at, `"${tenant.id}" is ${tenant.id.length} characters; at most ${max} so that tenant-${tenant.id} and the names derived from it (its database cluster's Services, Pods and Jobs) stay within 63 characters`));
    }
    if ((RESERVED_TENANT_IDS as readonly string[]).includes(tenant.id)) {
      problems.push(problem(at, `"${tenant.id}" is reserved: ${tenant.id}.${platform.global.domain} belongs to the platform (reserved: ${RESERVED_TENANT_IDS.join(', ')})`));
    }
    const seen = firstIndex.get(tenant.id);
    if (seen === undefined) firstIndex.set(tenant.id, index);
    else problems.push(problem(at, `"${tenant.id}" is already used by tenants[${seen}]; tenant ids must be unique`));
  });
  return problems;
}

function placementProblems(platform: Platform): Problem[] {
  const problems: Problem[] = [];
  platform.tenants.forEach((tenant, index) => {
    const placement = tenantPlacement(tenant);
    if (placement === 'shared' && (tenant.tier === 'professional' || tenant.tier === 'enterprise')) {
      problems.push(problem(['tenants', index, 'placement'], `tier "${tenant.tier}" runs dedicated; "shared" is only for free and demo tenants`));
    }
    if (placement === 'shared' && tenant.customDomains.length > 0) {
      problems.push(problem(['tenants', index, 'customDomains'], 'custom domains need a dedicated deployment; set placement: dedicated or a paid tier'));
    }
    if (placement === 'shared' && !platform.freeTier.enabled) {
      problems.push(problem(['tenants', index, 'placement'], `tenant "${tenant.id}" is placed on the shared free tier, but freeTier.enabled is false`));
    }
    for (const key of ['api', 'web', 'database', 'backup'] as const) {
      if (placement === 'shared' && tenant[key] !== undefined) {
        problems.push(problem(['tenants', index, key], `shared free-tier tenants have no ${key} of their own; remove "${key}" or use a dedicated placement`));
      }
    }
    if (tenant.tier === 'demo' && placement === 'dedicated' && tenant.createdAt === undefined) {
      problems.push(problem(['tenants', index, 'createdAt'], `dedicated demo tenant "${tenant.id}" needs createdAt (YYYY-MM-DD) so its ${platform.global.demoTrialDays}-day trial can expire`));
    }
  });
  return problems;
}

function domainProblems(platform: Platform): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<string, number>();
  const platformSuffix = `.${platform.global.domain}`;
  platform.tenants.forEach((tenant, index) => {
    tenant.customDomains.forEach((domain, domainIndex) => {
      const at = ['tenants', index, 'customDomains', domainIndex];
      if (domain === platform.global.domain || domain.endsWith(platformSuffix)) {
        problems.push(problem(at, `"${domain}" is inside the platform domain ${platform.global.domain}; tenants get ${tenant.id}${platformSuffix} already, custom domains must be their own`));
        return;
      }
      const claimedBy = owner.get(domain);
      if (claimedBy === undefined) owner.set(domain, index);
      else if (claimedBy !== index) problems.push(problem(at, `"${domain}" is already claimed by tenant "${platform.tenants[claimedBy].id}" (tenants[${claimedBy}])`));
      else problems.push(problem(at, `"${domain}" is listed twice`));
    });
  });
  return problems;
}
