/**
 * Waits until applied objects are ready, polling their status: per-object
 * and whole-set timeouts, progress naming the object and the condition, and
 * a terminal failure (ProgressDeadlineExceeded, a failed Job) ends the wait at once.
 */
import type { ManifestObject } from '../../constructs/index.js';
import { ExitCode, SaasChartsError } from '../errors.js';
import type { ProgressEvent } from './changeset.js';
import { describeObject } from './discovery.js';
import { FIELD_MANAGER, type ObjectClient } from './objects.js';
import { hasReadinessRule, readinessOf } from './readiness/index.js';

export interface WaitOptions {
  /** @default 300 */
  readonly objectTimeoutSeconds: number;
  /** @default 900 */
  readonly timeoutSeconds: number;
  /** @default 1000 */
  readonly pollIntervalMs: number;
  /** Treat Pending claims on WaitForFirstConsumer classes as ready. @default false */
  readonly pvcWaitForFirstConsumer: boolean;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** An object as applied; `changed` says whether this apply wrote it (its status must then be newer than the apply). */
export interface AppliedObject {
  readonly object: ManifestObject;
  readonly changed: boolean;
}

export class WaitError extends SaasChartsError {
  constructor(message: string) {
    super('cluster', message, ExitCode.FAILURE);
  }
}

export async function waitForObjects(client: ObjectClient, applied: readonly AppliedObject[], options: Partial<WaitOptions> = {}): Promise<void> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = now();
  // The server's own time of our apply (from managedFields) is on the same clock as the operators'
  // status writes; the local clock, floored to the second the server keeps, is the fallback.
  const fallback = new Date(Math.floor((started - 1000) / 1000) * 1000).toISOString();
  const appliedAt = new Map(applied.filter((a) => a.changed).map((a) => [a.object, serverApplyTime(a.object) ?? fallback]));
  const objects = applied.map((a) => a.object);
  const setDeadline = started + (options.timeoutSeconds ?? 900) * 1000;
  const objectDeadline = started + (options.objectTimeoutSeconds ?? 300) * 1000;
  const pending = objects.filter((o) => hasReadinessRule(o.apiVersion, o.kind));
  const lastMessage = new Map<string, string>();
  while (pending.length > 0) {
    if (options.signal?.aborted) throw new WaitError('interrupted while waiting; run again to continue');
    for (let i = pending.length - 1; i >= 0; i--) {
      const object = pending[i];
      const subject = describeObject(object);
      const live = await client.get(object);
      const context = { appliedAt: appliedAt.get(object), pvcWaitForFirstConsumer: options.pvcWaitForFirstConsumer };
      const readiness = live ? readinessOf(live as never, context) : { state: 'in-progress' as const, message: 'not found yet' };
      if (readiness.state === 'failed') throw new WaitError(`${subject} failed: ${readiness.message}`);
      if (readiness.state === 'ready') {
        pending.splice(i, 1);
        options.onProgress?.({ type: 'ready', subject, seconds: Math.round((now() - started) / 100) / 10 });
      } else if (lastMessage.get(subject) !== readiness.message) {
        lastMessage.set(subject, readiness.message);
        options.onProgress?.({ type: 'waiting', subject, message: readiness.message });
      }
    }
    if (pending.length === 0) return;
    const time = now();
    if (time >= setDeadline || time >= objectDeadline) {
      const which = pending.map((o) => `${describeObject(o)} (${lastMessage.get(describeObject(o)) ?? 'no status'})`).join(', ');
      throw new WaitError(`timed out after ${Math.round((time - started) / 1000)} s waiting for ${which}`);
    }
    await sleep(options.pollIntervalMs ?? 1000);
  }
}

/** When the server recorded our apply of this object. */
function serverApplyTime(object: ManifestObject): string | undefined {
  const entries = (object.metadata as { managedFields?: { manager?: string; operation?: string; time?: string }[] }).managedFields ?? [];
  return entries.find((entry) => entry.manager === FIELD_MANAGER && entry.operation === 'Apply')?.time;
}
