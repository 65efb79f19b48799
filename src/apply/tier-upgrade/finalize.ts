/**
 * `--finalize`: drops the tenant's schema from the shared database, only once
 * the move is recorded complete, the data-move Job is there and Complete,
 * every component of the dedicated deployment is ready, and a new run of the
 * data-move Job (which only verifies on a moved database) finds the row counts
 * still equal. Then removes what the move left behind (its Jobs, network
 * allowances, credential copy).
 */
import { SafetyError } from '../errors.js';
import { SYSTEM_NAMESPACE, sharedTenantSchema, tenantNamespace } from '../../platform/naming.js';
import { tenantStatus } from '../provisioning.js';
import { readinessOf } from '../readiness/index.js';
import { waitForObjects } from '../wait.js';
import { runDataMove } from './data-move.js';
import { dropSchemaJob, moveNetworkPolicies, targetCredentialsName } from './move-objects.js';
import { assertQuotaRoom } from './quota-room.js';
import type { UpgradeContext } from './options.js';
import { MOVE_STEPS, completed, writeRecord, type UpgradeRecord } from './record.js';
import type { StepRunner } from './steps.js';

export async function finalizeMove(context: UpgradeContext, record: UpgradeRecord | undefined, runner: StepRunner): Promise<void> {
  const { client, next, tenant, options } = context;
  if (record?.finalized) {
    runner.mark('finalize', 'already-done', record.finalized.detail);
    return;
  }
  if (!record || !completed(record)) {
    const pending = record ? MOVE_STEPS.filter((step) => !record.steps[step]) : [...MOVE_STEPS];
    throw new SafetyError(`refusing to --finalize tenant ${tenant.id}: ${record ? `its move from the free tier is not finished (pending: ${pending.join(', ')})` : 'it has no recorded move from the free tier'}; the shared schema stays. Run \`saas-charts tenant upgrade ${tenant.id} --tier ${record?.to ?? context.to}\` first.`);
  }
  // The record lives in a ConfigMap others may edit: the schema dropped is always this tenant's.
  if (record.schema !== sharedTenantSchema(tenant.id)) throw new SafetyError(`refusing to --finalize tenant ${tenant.id}: its progress record names schema ${record.schema}, not ${sharedTenantSchema(tenant.id)}; fix or delete ConfigMap ${SYSTEM_NAMESPACE}/tier-upgrade-${tenant.id}`);
  // Once the schema is dropped (a run stopped during the clean-up), only the clean-up is left to do.
  if (record.dropped === undefined) {
    const jobName = record.dataMoveJobs.at(-1)!;
    const job = await client.get({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: jobName, namespace: SYSTEM_NAMESPACE } });
    const jobState = job ? readinessOf(job as never) : undefined;
    if (jobState?.state !== 'ready') throw new SafetyError(`refusing to --finalize tenant ${tenant.id}: data-move Job ${SYSTEM_NAMESPACE}/${jobName} ${job ? `is ${jobState?.state}: ${jobState?.message}` : 'is gone'}, so the move cannot be verified; the shared schema ${record.schema} stays`);
    const unhealthy = (await tenantStatus(client, next, tenant.id)).filter((component) => component.state !== 'ready');
    if (unhealthy.length > 0) throw new SafetyError(`refusing to --finalize tenant ${tenant.id}: the dedicated deployment is not ready (${unhealthy.map((c) => `${c.subject}: ${c.state}`).join('; ')}); the shared schema ${record.schema} stays`);
  }
  if (options.dryRun) {
    runner.mark('finalize', 'would-run', `drop schema ${record.schema} from the shared database with Job ${SYSTEM_NAMESPACE}/drop-schema-${tenant.id}`);
    return;
  }
  let current = record;
  let phase: 'verify' | 'drop' = 'verify';
  const wayOut = () => phase === 'verify'
    ? `the shared schema ${record.schema} changed since the move (kubectl logs -n ${SYSTEM_NAMESPACE} job/${current.dataMoveJobs.at(-1)}): rows written on the free tier after the move are only there; copy them over, then run the same command with --finalize again. Nothing was dropped`
    : `read the Job's log (kubectl logs -n ${SYSTEM_NAMESPACE} job/drop-schema-${tenant.id}) and run the same command with --finalize again`;
  await runner.run('finalize', wayOut, async () => {
    if (current.dropped === undefined) {
      // Rows written to the shared schema between the move and the routing switch would be lost: count again first.
      await runDataMove(context, current, true, async (jobs) => {
        current = { ...current, dataMoveJobs: jobs };
        await writeRecord(client, current);
      });
      phase = 'drop';
      const drop = dropSchemaJob(next, tenant.id, record.schema);
      const live = await client.get(drop);
      // A failed drop Job is replaced (Background: the Job goes at once, its pods after).
      if (live && readinessOf(live as never).state === 'failed') await client.delete(live);
      if (!live || readinessOf(live as never).state === 'failed') await assertQuotaRoom(client, drop);
      const applied = await client.apply(drop);
      await waitForObjects(client, [{ object: applied, changed: true }], options);
      // On record at once: the schema is gone, so a run stopped during the clean-up must not verify against it again.
      current = { ...current, dropped: (options.clock ?? (() => new Date()))().toISOString() };
      await writeRecord(client, current);
    }
    await client.delete(dropSchemaJob(next, tenant.id, record.schema));
    for (const name of current.dataMoveJobs) await client.delete({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: SYSTEM_NAMESPACE } });
    for (const policy of moveNetworkPolicies(tenant.id)) await client.delete(policy);
    await client.delete({ apiVersion: 'v1', kind: 'Secret', metadata: { name: targetCredentialsName(tenant.id), namespace: SYSTEM_NAMESPACE } });
    const detail = `row counts verified again (Job ${current.dataMoveJobs.at(-1)}), schema ${record.schema} dropped from the shared database; the move's Jobs and network allowances to ${tenantNamespace(tenant.id)} removed`;
    await writeRecord(client, { ...current, finalized: { at: (options.clock ?? (() => new Date()))().toISOString(), detail } });
    return detail;
  });
}
