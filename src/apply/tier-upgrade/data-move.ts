/**
 * The data-move Job: copies the tenant database's credentials beside it, opens
 * the network path, runs it and waits. On a database already moved the same
 * script only verifies the row counts again (what --finalize relies on).
 */
import { SYSTEM_NAMESPACE, tenantDatabase, tenantNamespace } from '../../platform/naming.js';
import { readinessOf } from '../readiness/index.js';
import { waitForObjects } from '../wait.js';
import { dataMoveJob, moveNetworkPolicies, targetCredentials, targetCredentialsName } from './move-objects.js';
import type { UpgradeContext } from './options.js';
import { assertQuotaRoom } from './quota-room.js';
import type { UpgradeRecord } from './record.js';

/**
 * Runs (or keeps waiting for) the current data-move Job. A finished Job is
 * not re-run unless `newAttempt` (a verification); a failed or vanished one
 * gets a new attempt with a new name.
 */
export async function runDataMove(context: UpgradeContext, record: UpgradeRecord, newAttempt: boolean, recordJobs: (jobs: readonly string[]) => Promise<void>): Promise<string> {
  const { client, tenant, next } = context;
  const current = record.dataMoveJobs.at(-1);
  let job = current ? await client.get({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: current, namespace: SYSTEM_NAMESPACE } }) : undefined;
  const state = job ? readinessOf(job as never).state : 'missing';
  // The tenant database's credential copy is only needed while a Job runs: gone once it finished, either way.
  const dropCredentialCopy = () => client.delete({ apiVersion: 'v1', kind: 'Secret', metadata: { name: targetCredentialsName(tenant.id), namespace: SYSTEM_NAMESPACE } });
  try {
    if (!job || state === 'failed' || newAttempt) {
      const attempt = record.dataMoveJobs.length + 1;
      const wanted = dataMoveJob(next, tenant.id, record.schema, attempt);
      await assertQuotaRoom(client, wanted);
      // On record before the Job exists: an interrupted run finds it again.
      await recordJobs([...record.dataMoveJobs, wanted.metadata.name]);
      const appSecret = await client.get({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `${tenantDatabase(tenant.id)}-app`, namespace: tenantNamespace(tenant.id) } });
      if (!appSecret) throw new Error(`Secret ${tenantNamespace(tenant.id)}/${tenantDatabase(tenant.id)}-app does not exist`);
      await client.apply(targetCredentials(tenant.id, appSecret as { data?: Record<string, string> }));
      for (const policy of moveNetworkPolicies(tenant.id)) await client.apply(policy);
      job = await client.apply(wanted);
      await waitForObjects(client, [{ object: job, changed: true }], waitOptions(context));
    } else if (state !== 'ready') {
      await waitForObjects(client, [{ object: job, changed: false }], waitOptions(context));
    }
  } catch (error) {
    // A failed Job keeps its log for `kubectl logs`, not the credentials; a Job still running (a timeout) needs them.
    const latest = job && (await client.get(job).catch(() => undefined));
    if (latest && readinessOf(latest as never).state === 'failed') await dropCredentialCopy().catch(() => undefined);
    throw error;
  }
  await dropCredentialCopy();
  return `Job ${SYSTEM_NAMESPACE}/${job.metadata.name} complete: schema ${record.schema} restored into ${tenantDatabase(tenant.id)}, row counts per table verified`;
}

function waitOptions(context: UpgradeContext) {
  const { options } = context;
  // A move can take longer than an object wait normally may.
  const seconds = options.timeoutSeconds ?? 3600;
  return { ...options, timeoutSeconds: seconds, objectTimeoutSeconds: seconds };
}
