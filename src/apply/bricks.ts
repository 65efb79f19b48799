/**
 * Brick lifecycle as a library (what HelpManager's bash scripts did): each
 * call applies the brick's chart instance as the platform now describes it,
 * pruning what left it (a paused brick's Ingress); delete keeps its volumes
 * unless purged.
 */
import { ConfigError } from '../errors.js';
import { brickNamespace } from '../platform/naming.js';
import type { Platform } from '../platform/schema.js';
import { renderForApply } from '../synth/render.js';
import { brickUnit } from '../synth/units.js';
import { applyInstance, type ApplyOptions, type ApplyResult } from './apply.js';
import type { Change } from './changeset.js';
import { deleteInstance, type DeleteOptions } from './delete.js';
import type { ObjectClient } from './objects.js';

function brickOf(platform: Platform, customer: string, app: string) {
  const brick = platform.bricks?.instances.find((b) => b.customer === customer && b.app === app);
  if (!platform.bricks || !brick) throw new ConfigError([{ path: 'bricks.instances', message: `no brick ${brickNamespace(customer, app)}` }]);
  return brick;
}

/** Deploys, pauses or resumes: applies the brick as the platform describes it (its `state`), with prune. */
export async function applyBrick(client: ObjectClient, platform: Platform, customer: string, app: string, options: ApplyOptions = {}): Promise<ApplyResult> {
  const unit = renderForApply(brickUnit(platform, brickOf(platform, customer, app)));
  return applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets }, { prune: true, ...options });
}

/** Removes a brick's workloads, Services, Ingress and backups; its namespace and volumes stay unless purged. */
export async function deleteBrick(client: ObjectClient, platform: Platform, customer: string, app: string, options: DeleteOptions = {}): Promise<Change[]> {
  const unit = renderForApply(brickUnit(platform, brickOf(platform, customer, app)));
  return deleteInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects }, options);
}
