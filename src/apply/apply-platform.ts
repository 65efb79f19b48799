/**
 * Applies chart instances of a platform: the system and the shared pieces
 * first, then tenants, bricks and customers a few at a time.
 */
import type { Platform } from '../platform/schema.js';
import { renderForApply, type ApplyableUnit } from '../synth/render.js';
import { platformUnits, type SynthUnit } from '../synth/units.js';
import { applyInstance, inBatches, type ApplyOptions, type ApplyResult } from './apply.js';
import { SafetyError } from './errors.js';
import type { ObjectClient } from './objects.js';

export interface PlatformApplyOptions extends ApplyOptions {
  /** Instance names (`tenant-acme`, `acme-suitecrm`...) or tenant ids; all when empty. */
  readonly only?: readonly string[];
  /** Instances applied at once after the shared ones. @default 4 */
  readonly instanceConcurrency?: number;
  /** Only the instances placed on this cluster (clusters[].name); the client must talk to it. @default - every instance (no clusters declared) */
  readonly cluster?: string;
}

export interface InstanceResult extends ApplyResult {
  readonly instance: string;
}

const SHARED: ReadonlySet<SynthUnit['kind']> = new Set(['system', 'free-tier', 'gitops', 'flux', 'helpmanager', 'cluster']);

export function selectUnits(platform: Platform, only: readonly string[] = []): SynthUnit[] {
  const units = platformUnits(platform);
  if (only.length === 0) return units;
  return only.map((wanted) => {
    const unit = units.find((u) => u.name === wanted || u.name === `tenant-${wanted}`);
    if (!unit) throw new SafetyError(`no chart instance "${wanted}"; instances: ${units.map((u) => u.name).join(', ')}`);
    return unit;
  });
}

export async function applyPlatform(client: ObjectClient, platform: Platform, options: PlatformApplyOptions = {}): Promise<InstanceResult[]> {
  const units = selectUnits(platform, options.only).filter((unit) => options.cluster === undefined || unit.cluster === options.cluster)
    .map(renderForApply).filter((unit) => unit.objects.length > 0);
  const results: InstanceResult[] = [];
  const run = async (unit: ApplyableUnit) => {
    const result = await applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets }, options);
    results.push({ instance: unit.name, ...result });
  };
  for (const unit of units.filter((u) => SHARED.has(u.kind))) await run(unit);
  await inBatches(units.filter((u) => !SHARED.has(u.kind)), options.instanceConcurrency ?? 4, run);
  const order = units.map((unit) => unit.name);
  return results.sort((a, b) => order.indexOf(a.instance) - order.indexOf(b.instance));
}
