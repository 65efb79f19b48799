/**
 * A dedicated tenant changes tier in place (professional <-> enterprise, or a
 * dedicated trial to a paid tier): instances, replicas and storage follow the
 * new preset. Storage never shrinks: a PVC cannot, and neither can a CNPG
 * Cluster's storage, so such a change is refused before anything is applied.
 */
import { bytes } from '../../../constructs/quantity.js';
import { UsageError } from '../../errors.js';
import { tenantDatabase, tenantNamespace } from '../../platform/naming.js';
import { planTenant } from '../../platform/plan.js';
import { updateTenant } from '../provisioning.js';
import type { UpgradeContext } from './options.js';
import type { UpgradeReport } from './report.js';
import type { StepRunner } from './steps.js';

export async function scaleInPlace(context: UpgradeContext, runner: StepRunner): Promise<UpgradeReport> {
  const { client, platform, next, tenant, to, options } = context;
  const current = planTenant(platform, tenant);
  const target = planTenant(next, next.tenants.find((t) => t.id === tenant.id)!);
  const live = await client.get({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: tenantDatabase(tenant.id), namespace: tenantNamespace(tenant.id) } });
  const liveSize = (live as { spec?: { storage?: { size?: string } } } | undefined)?.spec?.storage?.size;
  // The larger of the file and the cluster: someone may have grown the volume by hand.
  const currentSize = liveSize && bytes(liveSize) > bytes(current.database.storage) ? liveSize : current.database.storage;
  if (bytes(target.database.storage) < bytes(currentSize)) {
    throw new UsageError([
      `tenant ${tenant.id}: --tier ${to} would shrink the database storage from ${currentSize} (current) to ${target.database.storage} (${to}); a PersistentVolumeClaim and a CNPG Cluster's storage cannot shrink.`,
      `Nothing was applied. Instead: keep the volume by setting tenants[id=${tenant.id}].database.storage: ${currentSize} in the platform file (the rest of ${to} still applies) and run again,`,
      'or move the data to a new tenant database by hand (backup and restore).',
    ].join('\n'));
  }
  runner.mark('storage', 'done', `database storage ${currentSize} -> ${target.database.storage}: no shrink`);
  await runner.run('scale', 'fix the cause above and run the same command again: the apply converges', async () => {
    const result = await updateTenant(client, platform, tenant.id, { tier: to }, { ...options, dryRun: options.dryRun ?? false });
    runner.changes = result.changes;
    const changed = result.changes.filter((change) => change.action !== 'unchanged').length;
    return `${options.dryRun ? 'would change' : 'changed'} ${changed} objects: api ${current.api.replicas} -> ${target.api.replicas}, web ${current.web.replicas} -> ${target.web.replicas}, database ${current.database.instances} -> ${target.database.instances} instances`;
  });
  if (options.dryRun) {
    runner.mark('record', 'would-run', `write tier ${to} into the platform file`);
    return runner.report('dry-run');
  }
  await runner.run('record', 'the cluster is changed; run the same command again to write the tier into the platform file', async () => {
    if (!options.recordTier) return 'platform file not written (library call without recordTier)';
    return (await options.recordTier()) ? `platform file: tenant ${tenant.id} tier ${to}` : `platform file already says tier ${to}`;
  });
  return runner.report('upgraded');
}
