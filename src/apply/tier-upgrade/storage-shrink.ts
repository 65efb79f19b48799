/**
 * A tier change must not shrink a tenant's database storage: neither a
 * PersistentVolumeClaim nor a CNPG Cluster's storage can shrink. Compared with
 * the larger of the platform file and the live Cluster (someone may have grown
 * the volume by hand).
 */
import { bytes } from '../../../constructs/quantity.js';
import { UsageError } from '../../errors.js';
import { tenantDatabase, tenantNamespace } from '../../platform/naming.js';
import type { TenantPlan } from '../../platform/plan.js';
import type { ObjectClient } from '../objects.js';

/** Resolves to the current size; throws (exit 2, nothing applied) when `target` is smaller. */
export async function assertNoStorageShrink(client: ObjectClient, current: TenantPlan, target: TenantPlan, flag = `--tier ${target.tier}`): Promise<string> {
  const live = await client.get({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: tenantDatabase(current.id), namespace: tenantNamespace(current.id) } });
  const liveSize = (live as { spec?: { storage?: { size?: string } } } | undefined)?.spec?.storage?.size;
  const currentSize = liveSize && bytes(liveSize) > bytes(current.database.storage) ? liveSize : current.database.storage;
  if (bytes(target.database.storage) >= bytes(currentSize)) return currentSize;
  throw new UsageError([
    `tenant ${current.id}: ${flag} would shrink the database storage from ${currentSize} (current) to ${target.database.storage} (${target.tier}); a PersistentVolumeClaim and a CNPG Cluster's storage cannot shrink.`,
    `Nothing was applied. Instead: keep the volume by setting tenants[id=${current.id}].database.storage: ${currentSize} in the platform file (the rest of ${target.tier} still applies) and run again,`,
    'or move the data to a new tenant database by hand (backup and restore).',
  ].join('\n'));
}
