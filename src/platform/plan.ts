/**
 * Resolved plans: the platform file with tier presets, overrides and images
 * applied, so charts receive plain numbers and names and never look anything up.
 */
import { libraryVersion } from '../library-version.js';
import type { ResourceSettings } from './fields.js';
import { tenantDatabase, tenantNamespace } from './naming.js';
import type { GlobalSettings, Platform, TenantConfig, Tier } from './schema.js';
import { tenantPlacement } from './tenants.js';
import { TIER_PRESETS, type BackupPreset } from './tiers.js';

export interface ImagePlan {
  readonly api: string;
  readonly web: string;
  readonly migration: string;
  readonly postgres: string;
}

export interface WorkloadPlan {
  readonly replicas: number;
  readonly resources: ResourceSettings;
}

export interface DatabasePlan {
  readonly name: string;
  readonly instances: number;
  readonly storage: string;
  readonly resources: ResourceSettings;
  readonly backup?: BackupPreset;
}

export interface TenantPlan {
  readonly id: string;
  readonly name: string;
  readonly tier: Tier;
  readonly namespace: string;
  /** `{id}.{domain}` */
  readonly host: string;
  readonly customDomains: readonly string[];
  readonly ownerEmail?: string;
  readonly stripeCustomerId?: string;
  /** Demo trials: `createdAt` + the trial length, as YYYY-MM-DD. */
  readonly expiresAt?: string;
  readonly images: ImagePlan;
  readonly imageTag: string;
  readonly api: WorkloadPlan;
  readonly web: WorkloadPlan;
  readonly database: DatabasePlan;
}

/** Images of the tenant workloads, with an optional per-tenant tag. */
export function tenantImages(global: GlobalSettings, tag = global.images.tag): ImagePlan {
  const { images } = global;
  const named = (explicit: string | undefined, repository: string): string => {
    if (explicit === undefined) return `${images.registry}/${repository}:${tag}`;
    return tag === images.tag ? explicit : retag(explicit, tag);
  };
  return {
    api: named(images.api, 'mechanicbuddy-api'),
    web: named(images.web, 'mechanicbuddy-web'),
    migration: named(images.migration, 'mechanicbuddy-dbup'),
    postgres: images.postgres,
  };
}

/**
 * The image of the demo-expiry CronJob: as set, or the saas-charts of this very version in the
 * platform's registry, since its RBAC rules allow exactly the calls this version's `tenant expire` makes.
 */
export function demoExpiryImage(platform: Platform): string {
  return platform.system.demoExpiryJob.image ?? `${platform.global.images.registry}/saas-charts:${libraryVersion()}`;
}

export function systemImages(global: GlobalSettings): { managementApi: string; managementPortal: string; managementMigration: string } {
  const { images } = global;
  return {
    managementApi: images.managementApi ?? `${images.registry}/mechanicbuddy-management-api:${images.tag}`,
    managementPortal: images.managementPortal ?? `${images.registry}/mechanicbuddy-management-portal:${images.tag}`,
    managementMigration: images.managementMigration ?? `${images.registry}/mechanicbuddy-management-dbup:${images.tag}`,
  };
}

function retag(image: string, tag: string): string {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', slash + 1);
  return `${colon < 0 ? withoutDigest : withoutDigest.slice(0, colon)}:${tag}`;
}

export function dedicatedTenants(platform: Platform): TenantConfig[] {
  return platform.tenants.filter((tenant) => tenantPlacement(tenant) === 'dedicated');
}

export function sharedTenants(platform: Platform): TenantConfig[] {
  return platform.tenants.filter((tenant) => tenantPlacement(tenant) === 'shared');
}

export function planTenant(platform: Platform, tenant: TenantConfig): TenantPlan {
  const preset = TIER_PRESETS[tenant.tier];
  const imageTag = tenant.imageTag ?? platform.global.images.tag;
  const backup = preset.backup && {
    schedule: tenant.backup?.schedule ?? preset.backup.schedule,
    retention: tenant.backup?.retention ?? preset.backup.retention,
  };
  return {
    id: tenant.id,
    name: tenant.name,
    tier: tenant.tier,
    namespace: tenantNamespace(tenant.id),
    host: `${tenant.id}.${platform.global.domain}`,
    customDomains: tenant.customDomains,
    ownerEmail: tenant.ownerEmail,
    stripeCustomerId: tenant.stripeCustomerId,
    expiresAt: tenant.tier === 'demo' && tenant.createdAt ? addDays(tenant.createdAt, platform.global.demoTrialDays) : undefined,
    images: tenantImages(platform.global, imageTag),
    imageTag,
    api: { replicas: tenant.api?.replicas ?? preset.api.replicas, resources: tenant.api?.resources ?? preset.api.resources },
    web: { replicas: tenant.web?.replicas ?? preset.web.replicas, resources: tenant.web?.resources ?? preset.web.resources },
    database: {
      name: tenantDatabase(tenant.id),
      instances: tenant.database?.instances ?? preset.database.instances,
      storage: tenant.database?.storage ?? preset.database.storage,
      resources: tenant.database?.resources ?? preset.database.resources,
      backup,
    },
  };
}

function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}
