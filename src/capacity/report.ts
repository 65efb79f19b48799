/**
 * Capacity at a glance (issue 7, seed 001 "Capacity Planning"): what every
 * namespace needs at its maximum against its ResourceQuota, fleet totals per
 * tier and chart kind, the shared free tier against maxTenants, and the
 * certificates a first rollout asks Let's Encrypt for. Data only; the table,
 * JSON and HTML renderers present it.
 */
import { FOOTPRINT_KINDS, namespaceFootprint, registeredDomain, type ManifestObject } from '../../constructs/index.js';
import { CheckUnit } from '../check/context.js';
import { LETS_ENCRYPT_WEEKLY_LIMIT, requestedCertificates } from '../check/rules/edge.js';
import { sharedTenants } from '../platform/plan.js';
import { TIERS, type Platform } from '../platform/schema.js';
import { renderObjects } from '../synth/render.js';
import { platformUnits, type UnitKind } from '../synth/units.js';
import { measuresOf, sumMeasures, type Measures } from './measures.js';

/** Dedicated tenant namespaces carry their tier as this label. */
export const TIER_LABEL = 'mechanicbuddy.app/tier';

export interface NamespaceCapacity {
  readonly namespace: string;
  /** The chart instance that declares it, e.g. `tenant-acme`. */
  readonly instance: string;
  readonly kind: UnitKind;
  /** The `mechanicbuddy.app/tier` label; null for namespaces that are not a dedicated tenant. */
  readonly tier: string | null;
  /** Name of the ResourceQuota; null when the namespace has none. */
  readonly quota: string | null;
  /** Every measure fits its quota. */
  readonly fits: boolean;
  readonly measures: Measures;
}

/** Totals over a group of namespaces (a tier, a chart kind, the fleet). */
export interface GroupCapacity {
  readonly name: string;
  readonly namespaces: readonly string[];
  readonly measures: Measures;
}

export interface FreeTierCapacity {
  readonly enabled: boolean;
  /** Tenants placed on the shared free tier. */
  readonly tenants: number;
  readonly maxTenants: number;
  /** tenants / maxTenants in percent, one decimal. */
  readonly percent: number;
  readonly fits: boolean;
  /** e.g. `3 of 100` */
  readonly text: string;
  /** Shared tenants per tier, tiers in their usual order. */
  readonly tenantsByTier: Readonly<Record<string, number>>;
}

export interface DomainCertificates {
  /** Registered domain, e.g. `mechanicbuddy.app`. */
  readonly domain: string;
  /** Certificates naming this domain that a first rollout requests (one certificate counts once per domain). */
  readonly certificates: number;
  readonly weeklyLimit: number;
  /** Weeks a first rollout takes at Let's Encrypt's limit. */
  readonly weeks: number;
  readonly withinLimit: boolean;
  /** Host names under the domain, sorted. */
  readonly hosts: readonly string[];
}

export interface CapacityReport {
  readonly namespaces: readonly NamespaceCapacity[];
  /** Dedicated tenant namespaces per tier, tiers in their usual order. */
  readonly tiers: readonly GroupCapacity[];
  /** Namespaces per chart kind (system, free-tier, tenant, brick, customer, helpmanager...), in unit order. */
  readonly kinds: readonly GroupCapacity[];
  readonly fleet: GroupCapacity;
  readonly freeTier: FreeTierCapacity;
  readonly certificates: readonly DomainCertificates[];
}

/** A rendered chart instance. */
export interface RenderedInstance {
  readonly kind: UnitKind;
  readonly name: string;
  readonly objects: readonly ManifestObject[];
}

export interface FreeTierSettings {
  readonly enabled: boolean;
  readonly maxTenants: number;
  /** Tier of every tenant placed on the shared free tier. */
  readonly sharedTenantTiers: readonly string[];
}

/** Renders every chart instance of the platform and measures it. Pure: no files, no clock, no network. */
export function capacityReport(platform: Platform): CapacityReport {
  const instances = platformUnits(platform).map((unit) => ({ kind: unit.kind, name: unit.name, objects: renderObjects(unit) }));
  return capacityOf(instances, {
    enabled: platform.freeTier.enabled,
    // Every shard seats maxTenants.
    maxTenants: platform.freeTier.maxTenants * platform.freeTier.shards,
    sharedTenantTiers: sharedTenants(platform).map((tenant) => tenant.tier),
  });
}

/** The report for already rendered instances. */
export function capacityOf(instances: readonly RenderedInstance[], freeTier: FreeTierSettings): CapacityReport {
  const namespaces = instances.flatMap(namespacesOf);
  return {
    namespaces,
    tiers: groupBy(namespaces.filter((n) => n.tier !== null), (n) => n.tier!, tierOrder),
    kinds: groupBy(namespaces, (n) => n.kind),
    fleet: group('fleet', namespaces),
    freeTier: freeTierCapacity(freeTier),
    certificates: certificatesPerDomain(instances),
  };
}

function namespacesOf(instance: RenderedInstance): NamespaceCapacity[] {
  const { objects } = instance;
  const declared = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
  // Workloads in a namespace the instance does not declare still consume capacity.
  const used = objects.filter((o) => o.metadata.namespace && FOOTPRINT_KINDS.has(o.kind)).map((o) => o.metadata.namespace!);
  return [...new Set([...declared, ...used])].map((name) => {
    const inNamespace = objects.filter((o) => o.metadata.namespace === name);
    const quota = inNamespace.find((o) => o.kind === 'ResourceQuota');
    const hard = quota ? (quota as unknown as { spec?: { hard?: Record<string, string> } }).spec?.hard ?? {} : undefined;
    const measures = measuresOf(namespaceFootprint(inNamespace.filter((o) => o !== quota)), hard);
    const namespaceObject = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === name);
    return {
      namespace: name,
      instance: instance.name,
      kind: instance.kind,
      tier: namespaceObject?.metadata.labels?.[TIER_LABEL] ?? null,
      quota: quota?.metadata.name ?? null,
      fits: Object.values(measures).every((m) => m.fits),
      measures,
    };
  });
}

function group(name: string, members: readonly NamespaceCapacity[]): GroupCapacity {
  return { name, namespaces: members.map((m) => m.namespace), measures: sumMeasures(members.map((m) => m.measures)) };
}

/** Groups in first-seen order, or by `order` when given. */
function groupBy(members: readonly NamespaceCapacity[], keyOf: (n: NamespaceCapacity) => string, order?: (a: string, b: string) => number): GroupCapacity[] {
  const keys = [...new Set(members.map(keyOf))];
  if (order) keys.sort(order);
  return keys.map((key) => group(key, members.filter((m) => keyOf(m) === key)));
}

function tierOrder(a: string, b: string): number {
  const rank = (tier: string) => {
    const index = (TIERS as readonly string[]).indexOf(tier);
    return index < 0 ? TIERS.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

function freeTierCapacity(settings: FreeTierSettings): FreeTierCapacity {
  const tenants = settings.sharedTenantTiers.length;
  const tiers = [...new Set(settings.sharedTenantTiers)].sort(tierOrder);
  return {
    enabled: settings.enabled,
    tenants,
    maxTenants: settings.maxTenants,
    percent: Math.round((tenants / settings.maxTenants) * 1000) / 10,
    fits: tenants <= settings.maxTenants,
    text: `${tenants} of ${settings.maxTenants}`,
    tenantsByTier: Object.fromEntries(tiers.map((tier) => [tier, settings.sharedTenantTiers.filter((t) => t === tier).length])),
  };
}

/** Counted like the `certificates/rate-limit` check, so the two cannot disagree. */
function certificatesPerDomain(instances: readonly RenderedInstance[]): DomainCertificates[] {
  const perDomain = new Map<string, { certificates: number; hosts: Set<string> }>();
  for (const instance of instances) {
    for (const hosts of requestedCertificates(new CheckUnit(instance.objects.map((object) => ({ object }))))) {
      for (const host of hosts) {
        const domain = registeredDomain(host);
        const entry = perDomain.get(domain) ?? { certificates: 0, hosts: new Set<string>() };
        entry.hosts.add(host);
        perDomain.set(domain, entry);
      }
      for (const domain of new Set(hosts.map(registeredDomain))) perDomain.get(domain)!.certificates += 1;
    }
  }
  return [...perDomain].sort(([a], [b]) => a.localeCompare(b)).map(([domain, { certificates, hosts }]) => ({
    domain,
    certificates,
    weeklyLimit: LETS_ENCRYPT_WEEKLY_LIMIT,
    weeks: Math.ceil(certificates / LETS_ENCRYPT_WEEKLY_LIMIT),
    withinLimit: certificates <= LETS_ENCRYPT_WEEKLY_LIMIT,
    hosts: [...hosts].sort(),
  }));
}
