/** In-process rendering of one tenant, for services that provision from a live API (no disk). */
import { UsageError } from '../errors.js';
import type { Platform } from '../platform/schema.js';
import { tenantPlacement } from '../platform/tenants.js';
import { renderUnit, type RenderedUnit } from './render.js';
import { tenantUnit } from './units.js';

/** Renders the dedicated tenant `tenantId` of a validated platform: its objects and YAML text. */
export function renderTenant(platform: Platform, tenantId: string): RenderedUnit {
  const tenant = platform.tenants.find((t) => t.id === tenantId);
  if (!tenant) throw new UsageError(`no tenant "${tenantId}" in the platform`);
  if (tenantPlacement(tenant) !== 'dedicated') {
    throw new UsageError(`tenant "${tenantId}" is served by the shared free tier and has no chart of its own`);
  }
  return renderUnit(tenantUnit(platform, tenant));
}
