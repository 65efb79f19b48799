/**
 * `tenant upgrade ID --tier professional|enterprise [--finalize]`: picks the
 * path from where the tenant is (the platform file) and what the cluster
 * records of an earlier run, then runs the steps that are not done yet.
 */
import { ConfigError, UsageError } from '../../errors.js';
import { sharedTenantSchema } from '../../platform/naming.js';
import type { Platform, Tier } from '../../platform/schema.js';
import { tenantPlacement } from '../../platform/tenants.js';
import type { ObjectClient } from '../objects.js';
import { finalizeMove } from './finalize.js';
import { scaleInPlace } from './in-place.js';
import { assertOneCluster, moveToDedicated } from './move.js';
import type { TierUpgradeOptions, UpgradeContext } from './options.js';
import { upgradedPlatform } from './platform-change.js';
import { MOVE_STEPS, completed, readRecord } from './record.js';
import type { UpgradeReport } from './report.js';
import { StepRunner } from './steps.js';

export { upgradedPlatform };

export const UPGRADE_TIERS = ['professional', 'enterprise'] as const satisfies readonly Tier[];

export async function upgradeTenantTier(client: ObjectClient, platform: Platform, tenantId: string, to: Tier, options: TierUpgradeOptions = {}): Promise<UpgradeReport> {
  if (!(UPGRADE_TIERS as readonly string[]).includes(to)) throw new UsageError(`--tier "${to}" is not one of ${UPGRADE_TIERS.join(', ')} (an upgrade goes to a paid tier)`);
  const tenant = platform.tenants.find((t) => t.id === tenantId);
  if (!tenant) throw new ConfigError([{ path: 'tenants', message: `no tenant "${tenantId}"` }]);
  const record = await readRecord(client, tenantId);
  if (record && record.to !== to && (!completed(record) || tenantPlacement(tenant) === 'shared')) {
    throw new UsageError(`tenant ${tenantId}: its move to ${record.to} is recorded on the cluster (done: ${MOVE_STEPS.filter((s) => record.steps[s]).join(', ') || 'nothing yet'}); finish it with --tier ${record.to} first, then change the tier in place`);
  }
  const context: UpgradeContext = { client, platform, next: upgradedPlatform(platform, tenantId, to), tenant, to, options };
  const onStep = options.onStep;
  const moving = tenantPlacement(tenant) === 'shared' || (record !== undefined && !completed(record));
  const movedHere = record !== undefined && completed(record) && record.to === to && tenant.tier === to;

  if (moving) assertOneCluster(context.next, tenantId);
  if (moving || movedHere) {
    const runner = new StepRunner({ tenant: tenantId, from: record?.from ?? tenant.tier, to, path: 'move' }, [...MOVE_STEPS, ...(options.finalize ? ['finalize'] : [])], onStep);
    await moveToDedicated(context, record, runner);
    if (options.finalize && options.dryRun && !(record && completed(record))) runner.mark('finalize', 'would-run', `once the move is done: count the rows again, then drop schema ${sharedTenantSchema(tenantId)} from the shared database`);
    else if (options.finalize) await finalizeMove(context, await readRecord(client, tenantId), runner);
    return runner.report();
  }
  if (options.finalize) {
    const runner = new StepRunner({ tenant: tenantId, from: tenant.tier, to, path: 'none' }, ['finalize'], onStep);
    await finalizeMove(context, record, runner);
    return runner.report();
  }
  if (tenant.tier === to) {
    const runner = new StepRunner({ tenant: tenantId, from: tenant.tier, to, path: 'none' }, [], onStep);
    runner.mark('tier', 'already-done', `tenant ${tenantId} is already ${to} on its own deployment`);
    return runner.report('already-done');
  }
  return scaleInPlace(context, new StepRunner({ tenant: tenantId, from: tenant.tier, to, path: 'in-place' }, ['storage', 'scale', 'record'], onStep));
}
