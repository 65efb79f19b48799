import type { TenantConfig } from './schema.js';

export type Placement = 'shared' | 'dedicated';

/** Free and demo tenants share the free tier unless placed on their own (trials); paid tiers are dedicated. */
export function tenantPlacement(tenant: Pick<TenantConfig, 'tier' | 'placement'>): Placement {
  if (tenant.placement) return tenant.placement;
  return tenant.tier === 'free' || tenant.tier === 'demo' ? 'shared' : 'dedicated';
}
