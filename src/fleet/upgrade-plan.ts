/**
 * The plan of a bulk upgrade: which dedicated tenants get the new image tag,
 * in which waves. Pure: reads the platform, touches nothing. The tag reaches
 * the charts as each tenant's `imageTag` for this run only (the path of
 * `tenant update --image-tag`): that retags explicitly pinned images too and
 * leaves the system and the free tier, which follow global.images.tag, alone.
 */
import { UsageError } from '../errors.js';
import { imageTag as imageTagField } from '../platform/fields.js';
import { definePlatform } from '../platform/load.js';
import { dedicatedTenants } from '../platform/plan.js';
import { TIERS, type Platform, type PlatformInput, type Tier } from '../platform/schema.js';

/** Tenants applied at once; a wave finishes before the next starts. */
export const DEFAULT_UPGRADE_CONCURRENCY = 4;

export interface UpgradeRequest {
  /** The new tag, pinned (never "latest"). */
  readonly imageTag: string;
  /** Only tenants of this tier. @default - every dedicated tenant */
  readonly tier?: Tier;
  /** @default 4 (DEFAULT_UPGRADE_CONCURRENCY) */
  readonly concurrency?: number;
}

export interface PlannedTenant {
  readonly tenant: string;
  readonly tier: Tier;
  /** The tag the platform file gives it now. */
  readonly fromTag: string;
  readonly toTag: string;
}

export interface UpgradePlan {
  readonly imageTag: string;
  readonly tier?: Tier;
  readonly concurrency: number;
  readonly waves: readonly (readonly PlannedTenant[])[];
  /** The platform as this run renders it: the planned tenants carry the new tag. */
  readonly platform: Platform;
}

export function planFleetUpgrade(platform: Platform, request: UpgradeRequest): UpgradePlan {
  const tag = imageTagField.safeParse(request.imageTag);
  if (!tag.success) throw new UsageError(`--image-tag "${request.imageTag}": ${tag.error.issues[0]?.message ?? 'not an image tag'}`);
  if (request.tier !== undefined && !(TIERS as readonly string[]).includes(request.tier)) throw new UsageError(`--tier "${request.tier}" is not one of ${TIERS.join(', ')}`);
  const concurrency = request.concurrency ?? DEFAULT_UPGRADE_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency "${request.concurrency}" must be a whole number of at least 1`);
  const selected = dedicatedTenants(platform).filter((t) => request.tier === undefined || t.tier === request.tier);
  if (selected.length === 0) throw new UsageError(`no dedicated tenant${request.tier ? ` of --tier "${request.tier}"` : ''} in the platform file; nothing to upgrade`);
  const ids = new Set(selected.map((t) => t.id));
  const input: PlatformInput = { ...platform, tenants: platform.tenants.map((t) => (ids.has(t.id) ? { ...t, imageTag: request.imageTag } : t)) };
  const planned: PlannedTenant[] = selected.map((t) => ({ tenant: t.id, tier: t.tier, fromTag: t.imageTag ?? platform.global.images.tag, toTag: request.imageTag }));
  const waves: PlannedTenant[][] = [];
  for (let i = 0; i < planned.length; i += concurrency) waves.push(planned.slice(i, i + concurrency));
  return { imageTag: request.imageTag, tier: request.tier, concurrency, waves, platform: definePlatform(input, 'fleet upgrade') };
}
