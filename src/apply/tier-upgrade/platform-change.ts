/**
 * What an upgrade changes in the platform file (the source of truth): the
 * tenant's tier, a dedicated placement where the file said shared and, with
 * clusters, the cluster the move provisions it on.
 */
import { placementPins, pinPlatform } from '../../platform/keep-placement.js';
import { definePlatform } from '../../platform/load.js';
import type { Platform, TenantConfig, Tier } from '../../platform/schema.js';
import { tenantPlacement } from '../../platform/tenants.js';

/** The entry's fields the upgrade sets; undefined ones stay as they are. */
export interface RecordedFields {
  readonly tier: Tier;
  readonly placement?: 'dedicated';
  /** The cluster a shared tenant moved to (pinned, so a later edit cannot move it); only with clusters. */
  readonly cluster?: string;
}

/** @param next the upgraded platform (upgradedPlatform), which places a moving tenant */
export function recordedFields(tenant: TenantConfig, to: Tier, next?: Platform): RecordedFields {
  const moving = tenantPlacement(tenant) === 'shared';
  return {
    tier: to,
    placement: tenant.placement === 'shared' ? 'dedicated' : undefined,
    cluster: moving ? next?.tenants.find((t) => t.id === tenant.id)?.cluster : undefined,
  };
}

/**
 * The platform with the tenant at `to`, on its own deployment. With clusters,
 * a shared tenant made dedicated takes the first seat left free by the others,
 * which keep their clusters (pinned where it would move them), and is pinned there.
 */
export function upgradedPlatform(platform: Platform, tenantId: string, to: Tier): Platform {
  const tenants = platform.tenants.map((t) => (t.id === tenantId ? { ...t, tier: to, placement: recordedFields(t, to).placement ?? t.placement } : t));
  const changed: Platform = { ...platform, tenants };
  return definePlatform(pinPlatform(changed, placementPins(platform, changed)), 'tenant upgrade');
}
