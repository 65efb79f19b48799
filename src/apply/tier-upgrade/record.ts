/**
 * Progress of a tier upgrade, kept on the cluster so a re-run continues where
 * the last one stopped: ConfigMap `tier-upgrade-{id}` in the system namespace
 * (it exists before the tenant's namespace does and outlives the shared schema).
 * `kubectl get configmap -n mechanicbuddy-system tier-upgrade-acme -o yaml` shows it.
 */
import type { ManifestObject } from '../../../constructs/index.js';
import { SYSTEM_NAMESPACE } from '../../platform/naming.js';
import type { Tier } from '../../platform/schema.js';
import { SafetyError } from '../errors.js';
import type { ObjectClient } from '../objects.js';

/** Steps of a move from the shared free tier to a dedicated deployment, in order. */
export const MOVE_STEPS = ['provision', 'database', 'data-move', 'routing', 'record'] as const;
export type MoveStep = (typeof MOVE_STEPS)[number];

export interface StepRecord {
  /** When the step finished (server-independent ISO time of this machine). */
  readonly at: string;
  readonly detail: string;
}

export interface UpgradeRecord {
  readonly tenant: string;
  readonly from: Tier;
  readonly to: Tier;
  /** The tenant's schema in the shared database. */
  readonly schema: string;
  readonly startedAt: string;
  readonly steps: Readonly<Partial<Record<MoveStep, StepRecord>>>;
  /** Data-move Jobs in attempt order; the last one is current. */
  readonly dataMoveJobs: readonly string[];
  /** When `--finalize`'s drop Job completed: a run stopped after it only cleans up. */
  readonly dropped?: string;
  /** Set once `--finalize` dropped the shared schema and cleaned up. */
  readonly finalized?: StepRecord;
}

export const RECORD_KEY = 'progress.json';
export const recordName = (tenant: string): string => `tier-upgrade-${tenant}`;

export function recordRef(tenant: string): Pick<ManifestObject, 'apiVersion' | 'kind' | 'metadata'> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: recordName(tenant), namespace: SYSTEM_NAMESPACE } };
}

export async function readRecord(client: ObjectClient, tenant: string): Promise<UpgradeRecord | undefined> {
  const live = (await client.get(recordRef(tenant))) as { data?: Record<string, string> } | undefined;
  const text = live?.data?.[RECORD_KEY];
  if (!text) return undefined;
  let parsed: UpgradeRecord;
  try {
    parsed = JSON.parse(text) as UpgradeRecord;
  } catch (error) {
    throw new SafetyError(`ConfigMap ${SYSTEM_NAMESPACE}/${recordName(tenant)} key ${RECORD_KEY} is not JSON (${(error as Error).message}); fix or delete it, then run again`);
  }
  return { ...parsed, steps: parsed.steps ?? {}, dataMoveJobs: parsed.dataMoveJobs ?? [] };
}

export async function writeRecord(client: ObjectClient, record: UpgradeRecord): Promise<void> {
  const ref = recordRef(record.tenant);
  await client.apply({
    ...ref,
    metadata: {
      ...ref.metadata,
      labels: { 'app.kubernetes.io/managed-by': 'saas-charts', 'app.kubernetes.io/component': 'tier-upgrade', 'mechanicbuddy.app/tenant-id': record.tenant },
      annotations: { 'mechanicbuddy.app/tier-upgrade': `${record.from} -> ${record.to}` },
    },
    data: { [RECORD_KEY]: `${JSON.stringify(record, null, 2)}\n` },
  } as ManifestObject);
}

export function completed(record: UpgradeRecord): boolean {
  return MOVE_STEPS.every((step) => record.steps[step] !== undefined);
}
