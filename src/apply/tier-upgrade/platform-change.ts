/**
 * What an upgrade changes in the platform file (the source of truth): the
 * tenant's tier, and a dedicated placement where the file said shared.
 */
import { definePlatform } from '../../platform/load.js';
import type { Platform, TenantConfig, Tier } from '../../platform/schema.js';

/** The entry's fields the upgrade sets; undefined ones stay as they are. */
export interface RecordedFields {
  readonly tier: Tier;
  readonly placement?: 'dedicated';
}

export function recordedFields(tenant: TenantConfig, to: Tier): RecordedFields {
  return { tier: to, placement: tenant.placement === 'shared' ? 'dedicated' : undefined };
}

/** The platform with the tenant at `to`, on its own deployment. */
export function upgradedPlatform(platform: Platform, tenantId: string, to: Tier): Platform {
  const tenants = platform.tenants.map((t) => (t.id === tenantId ? { ...t, tier: to, placement: recordedFields(t, to).placement ?? t.placement } : t));
  return definePlatform({ ...platform, tenants }, 'tenant upgrade');
}
