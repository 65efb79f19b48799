/**
 * Demo expiry. The cluster is the source of truth, so the command also runs
 * from a CronJob without the platform file: dedicated demo tenants are the
 * Namespaces labelled `mechanicbuddy.app/tier=demo`, and their expiry is the
 * `mechanicbuddy.app/expires-at` annotation the tenant chart writes
 * (createdAt + global.demoTrialDays). An expired tenant is deprovisioned from
 * its ApplySet inventory; its namespace, volumes and database go only when
 * data deletion is asked for. The CronJob's own Role in that namespace stays
 * until the namespace goes (see deleteInstance). A tenant the cluster refuses
 * is reported as failed and the others still expire. A tenant Argo CD or Flux
 * syncs from Git is left to Git unless forced (that controller would recreate
 * it until it leaves dist/), and reported with its Application or
 * Kustomization. The clock is injectable.
 */
import type { Change } from '../apply/changeset.js';
import { ExitCode, SaasChartsError } from '../errors.js';
import { deleteInstance } from '../apply/delete.js';
import { gitOpsOwner, type GitOpsOwner } from '../apply/gitops-managed.js';
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
  /** Deprovision tenants Argo CD or Flux syncs from Git too (they come back at the next sync). @default false: skipped and reported */
  readonly forceGitOps?: boolean;
}

export interface ExpiredTenant extends DemoTenant {
  /**
   * deprovisioned: objects were deleted now; already-deprovisioned: only kept data was left;
   * failed: the cluster refused (see error); synced-by-gitops: left alone, Git still declares it (see gitops).
   */
  readonly outcome: 'deprovisioned' | 'already-deprovisioned' | 'would-deprovision' | 'failed' | 'synced-by-gitops';
  readonly changes: readonly Change[];
  /** Why the cluster refused, with outcome failed. */
  readonly error?: string;
  /** The Argo CD Application or Flux Kustomization that syncs the tenant's namespace from Git, and recreates it. */
  readonly gitops?: GitOpsOwner;
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
  return (await readDemoTenants(client, now)).map(({ tenant }) => tenant);
}

/** Each demo tenant with its GitOps owner, read from the Namespace listed anyway (the tenant's file in dist/ holds it, so it carries the markers). */
async function readDemoTenants(client: ObjectClient, now: number): Promise<{ tenant: DemoTenant; gitops?: GitOpsOwner }[]> {
  const namespaces = await client.list('v1', 'Namespace', undefined, TENANT_SELECTOR);
  return namespaces
    .map((ns) => {
      const expiresAt = ns.metadata.annotations?.[EXPIRES_AT_ANNOTATION];
      return { tenant: { tenant: ns.metadata.labels?.[TENANT_ID_LABEL] ?? ns.metadata.name, namespace: ns.metadata.name, expiresAt, state: demoState(expiresAt, now) }, gitops: gitOpsOwner(ns) };
    })
    .sort((a, b) => (a.tenant.namespace < b.tenant.namespace ? -1 : 1));
}

export async function expireDemoTenants(client: ObjectClient, options: ExpireOptions = {}): Promise<ExpireResult> {
  const now = (options.now ?? Date.now)();
  const read = await readDemoTenants(client, now);
  const tenants = read.map(({ tenant }) => tenant);
  const expired: ExpiredTenant[] = [];
  for (const { tenant: demo, gitops } of read.filter(({ tenant: t }) => t.state === 'expired')) {
    const tenant = gitops ? { ...demo, gitops } : demo;
    // Git still declares it: deleting it now only starts a delete-and-recreate cycle (and, with data deleted, a new empty tenant).
    if (gitops && !options.forceGitOps) {
      expired.push({ ...tenant, changes: [], outcome: 'synced-by-gitops' });
      continue;
    }
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
