/**
 * Bulk upgrade: apply the plan wave by wave. Each tenant is applied and waited
 * for (the applier waits stage by stage); a wave runs to its end, and the
 * first wave with a failure is the last one. The summary says what was
 * upgraded, what failed and why, and what was not attempted. Running the same
 * upgrade again converges: upgraded tenants are unchanged, the rest proceed.
 */
import { applyInstance, inBatches, type ApplyOptions } from '../apply/apply.js';
import { summarize, type ChangeAction, type ProgressEvent } from '../apply/changeset.js';
import type { ObjectClient } from '../apply/objects.js';
import { renderForApply } from '../synth/render.js';
import { tenantUnit } from '../synth/units.js';
import type { Tier } from '../platform/schema.js';
import type { PlannedTenant, UpgradePlan } from './upgrade-plan.js';

export interface UpgradedTenant extends PlannedTenant {
  readonly wave: number;
  readonly seconds: number;
  /** The revision recorded for this apply (see `saas-charts history`). */
  readonly revision?: number;
  readonly changes: Record<ChangeAction, number>;
}

export interface FailedTenant extends PlannedTenant {
  readonly wave: number;
  readonly error: string;
}

export interface SkippedTenant extends PlannedTenant {
  readonly wave: number;
}

export interface FleetUpgradeSummary {
  readonly imageTag: string;
  readonly tier?: Tier;
  readonly concurrency: number;
  /** Waves planned; `wavesRun` of them ran. */
  readonly waves: number;
  readonly wavesRun: number;
  readonly ok: boolean;
  readonly upgraded: readonly UpgradedTenant[];
  readonly failed: readonly FailedTenant[];
  readonly notAttempted: readonly SkippedTenant[];
}

export type FleetEvent =
  | { readonly type: 'wave'; readonly wave: number; readonly of: number; readonly tenants: readonly string[] }
  | { readonly type: 'tenant'; readonly tenant: string; readonly event: ProgressEvent }
  | { readonly type: 'upgraded'; readonly tenant: UpgradedTenant }
  | { readonly type: 'failed'; readonly tenant: FailedTenant };

export interface FleetUpgradeOptions extends Omit<ApplyOptions, 'onProgress' | 'concurrency'> {
  readonly onEvent?: (event: FleetEvent) => void;
}

/** One client for every tenant, or the client of each tenant's cluster (many clusters). */
export type TenantClient = ObjectClient | ((tenantId: string) => Promise<ObjectClient>);

export async function runFleetUpgrade(client: TenantClient, plan: UpgradePlan, options: FleetUpgradeOptions = {}): Promise<FleetUpgradeSummary> {
  const now = options.now ?? Date.now;
  const emit = options.onEvent ?? (() => undefined);
  const upgraded: UpgradedTenant[] = [];
  const failed: FailedTenant[] = [];
  let wavesRun = 0;
  for (const [index, wave] of plan.waves.entries()) {
    if (failed.length > 0 || options.signal?.aborted) break;
    const number = index + 1;
    wavesRun = number;
    emit({ type: 'wave', wave: number, of: plan.waves.length, tenants: wave.map((t) => t.tenant) });
    await inBatches(wave, wave.length, async (planned) => {
      const started = now();
      try {
        const config = plan.platform.tenants.find((t) => t.id === planned.tenant)!;
        const unit = renderForApply(tenantUnit(plan.platform, config));
        const target = typeof client === 'function' ? await client(planned.tenant) : client;
        const result = await applyInstance(target, { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets }, {
          ...options,
          onProgress: (event) => emit({ type: 'tenant', tenant: planned.tenant, event }),
        });
        const done: UpgradedTenant = { ...planned, wave: number, seconds: Math.round((now() - started) / 100) / 10, revision: result.revision, changes: summarize(result.changes) };
        upgraded.push(done);
        emit({ type: 'upgraded', tenant: done });
      } catch (error) {
        const entry: FailedTenant = { ...planned, wave: number, error: (error as Error).message };
        failed.push(entry);
        emit({ type: 'failed', tenant: entry });
      }
    });
  }
  const order = plan.waves.flat().map((t) => t.tenant);
  const byPlan = <T extends PlannedTenant>(list: T[]) => list.sort((a, b) => order.indexOf(a.tenant) - order.indexOf(b.tenant));
  const notAttempted = plan.waves.slice(wavesRun).flatMap((wave, i) => wave.map((t) => ({ ...t, wave: wavesRun + i + 1 })));
  return {
    imageTag: plan.imageTag,
    tier: plan.tier,
    concurrency: plan.concurrency,
    waves: plan.waves.length,
    wavesRun,
    ok: failed.length === 0 && notAttempted.length === 0,
    upgraded: byPlan(upgraded),
    failed: byPlan(failed),
    notAttempted,
  };
}
