/**
 * A dedicated tenant changes tier in place (professional <-> enterprise, or a
 * dedicated trial to a paid tier): instances, replicas and storage follow the
 * new preset. Storage never shrinks: a PVC cannot, and neither can a CNPG
 * Cluster's storage, so such a change is refused before anything is applied.
 */
import { planTenant } from '../../platform/plan.js';
import { updateTenant } from '../provisioning.js';
import type { UpgradeContext } from './options.js';
import { recordedFields } from './platform-change.js';
import type { UpgradeReport } from './report.js';
import type { StepRunner } from './steps.js';
import { assertNoStorageShrink } from './storage-shrink.js';

export async function scaleInPlace(context: UpgradeContext, runner: StepRunner): Promise<UpgradeReport> {
  const { client, platform, next, tenant, to, options } = context;
  const current = planTenant(platform, tenant);
  const target = planTenant(next, next.tenants.find((t) => t.id === tenant.id)!);
  const currentSize = await assertNoStorageShrink(client, current, target, `--tier ${to}`);
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
    return (await options.recordTier(recordedFields(tenant, to))) ? `platform file: tenant ${tenant.id} tier ${to}` : `platform file already says tier ${to}`;
  });
  return runner.report('upgraded');
}
