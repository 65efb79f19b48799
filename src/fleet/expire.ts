/**
 * Demo expiry. The cluster is the source of truth, so the command also runs
 * from a CronJob without the platform file: dedicated demo tenants are the
 * Namespaces labelled `mechanicbuddy.app/tier=demo`, and their expiry is the
 * `mechanicbuddy.app/expires-at` annotation the tenant chart writes
 * (createdAt + global.demoTrialDays). An expired tenant is deprovisioned from
 * its ApplySet inventory; its namespace, volumes and database go only when
 * data deletion is asked for. The CronJob's own Role in that namespace stays
 * until the namespace goes (see deleteInstance). A tenant the cluster refuses
 * is reported as failed and the others still expire. The clock is injectable.
 */
import type { Change } from '../apply/changeset.js';
import { ExitCode, SaasChartsError } from '../errors.js';
import { deleteInstance } from '../apply/delete.js';
import type { ObjectClient } from '../apply/objects.js';

export const TENANT_SELECTOR = 'mechanicbuddy.app/namespace-type=tenant,mechanicbuddy.app/tier=demo';
export const EXPIRES_AT_ANNOTATION = 'mechanicbuddy.app/expires-at';
const TENANT_ID_LABEL = 'mechanicbuddy.app/tenant-id';

export type DemoState = 'active' | 'expired' | 'no-expiry';

export interface DemoTenant {
  readonly tenant: string;
  readonly namespace: string;
  /** YYYY-MM-DD: the trial ends at 00:00 UTC that day. */
  readonly expiresAt?: string;
  readonly state: DemoState;
}

export interface ExpireOptions {
  /** Delete the namespace, volumes and database too. @default false (data kept) */
  readonly deleteData?: boolean;
  /** Report what would be deleted; delete nothing. @default false */
  readonly dryRun?: boolean;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface ExpiredTenant extends DemoTenant {
  /** deprovisioned: objects were deleted now; already-deprovisioned: only kept data was left; failed: the cluster refused (see error). */
  readonly outcome: 'deprovisioned' | 'already-deprovisioned' | 'would-deprovision' | 'failed';
  readonly changes: readonly Change[];
  /** Why the cluster refused, with outcome failed. */
  readonly error?: string;
}

export interface ExpireResult {
  readonly checkedAt: string;
  readonly dataKept: boolean;
  readonly dryRun: boolean;
  readonly expired: readonly ExpiredTenant[];
  /** Demo tenants still in their trial, and any without an expiry annotation. */
  readonly others: readonly DemoTenant[];
}

/** Expired when the clock has reached the expiry day (UTC). */
export function demoState(expiresAt: string | undefined, now: number): DemoState {
  if (!expiresAt || !/^\d{4}-\d{2}-\d{2}$/.test(expiresAt)) return 'no-expiry';
  return now >= Date.parse(`${expiresAt}T00:00:00Z`) ? 'expired' : 'active';
}

export async function findDemoTenants(client: ObjectClient, now: number): Promise<DemoTenant[]> {
  const namespaces = await client.list('v1', 'Namespace', undefined, TENANT_SELECTOR);
  return namespaces
    .map((ns) => {
      const expiresAt = ns.metadata.annotations?.[EXPIRES_AT_ANNOTATION];
      return { tenant: ns.metadata.labels?.[TENANT_ID_LABEL] ?? ns.metadata.name, namespace: ns.metadata.name, expiresAt, state: demoState(expiresAt, now) };
    })
    .sort((a, b) => (a.namespace < b.namespace ? -1 : 1));
}

export async function expireDemoTenants(client: ObjectClient, options: ExpireOptions = {}): Promise<ExpireResult> {
  const now = (options.now ?? Date.now)();
  const tenants = await findDemoTenants(client, now);
  const expired: ExpiredTenant[] = [];
  for (const tenant of tenants.filter((t) => t.state === 'expired')) {
    let changes: readonly Change[];
    try {
      // The instance is named after its namespace (tenant-{id}); the inventory lists what to delete, so no platform file is needed.
      changes = await deleteInstance(client, { instance: tenant.namespace, namespace: tenant.namespace, objects: [] }, { purge: options.deleteData ?? false, dryRun: options.dryRun ?? false });
    } catch (error) {
      // One tenant the cluster refuses (say, its namespace lacks the CronJob's Role) must not keep the others past their trial.
      if (!(error instanceof SaasChartsError) || error.exitCode !== ExitCode.CLUSTER) throw error;
      expired.push({ ...tenant, changes: [], outcome: 'failed', error: error.message });
      continue;
    }
    const deleted = changes.some((c) => c.action === 'deleted');
    expired.push({ ...tenant, changes, outcome: options.dryRun ? 'would-deprovision' : deleted ? 'deprovisioned' : 'already-deprovisioned' });
  }
  return {
    checkedAt: new Date(now).toISOString(),
    dataKept: !(options.deleteData ?? false),
    dryRun: options.dryRun ?? false,
    expired,
    others: tenants.filter((t) => t.state !== 'expired'),
  };
}
