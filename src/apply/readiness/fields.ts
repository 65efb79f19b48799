/**
 * Defensive reads of an object's JSON and its conditions: every lookup tolerates missing
 * fields and wrong types, so a readiness rule never throws on what a cluster returns.
 */
import type { Readiness, ReadinessContext, ReadinessObject } from './types.js';

import { listOf, objectOf, stringOf, type JsonObject } from '../../json-view.js';

export type { JsonObject };

/** An object with the parts rules read, already checked for shape. */
export interface ObjectView {
  readonly kind: string;
  readonly metadata: JsonObject;
  readonly spec: JsonObject;
  /** Undefined when the controller has not written any status yet (absent or `{}`). */
  readonly status: JsonObject | undefined;
  readonly generation: number | undefined;
}

/** A view whose status the controller has written; what per-kind rules receive. */
export interface ObservedView extends ObjectView {
  readonly status: JsonObject;
}

export type ReadinessRule = (view: ObservedView, context: ReadinessContext) => Readiness;

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly observedGeneration?: number;
  readonly lastTransitionTime?: string;
}

export function ready(message: string): Readiness {
  return { state: 'ready', message };
}

export function inProgress(message: string): Readiness {
  return { state: 'in-progress', message };
}

export function failed(message: string): Readiness {
  return { state: 'failed', message };
}

export { listOf, objectOf, stringOf };

export function integerOf(value: unknown): number | undefined {
  return Number.isSafeInteger(value) ? (value as number) : undefined;
}

export function viewOf(object: ReadinessObject): ObjectView {
  const metadata = objectOf(object.metadata) ?? {};
  const status = objectOf(object.status);
  return {
    kind: object.kind,
    metadata,
    spec: objectOf(object.spec) ?? {},
    status: status && Object.keys(status).length > 0 ? status : undefined,
    generation: integerOf(metadata.generation),
  };
}

export function conditionsOf(status: JsonObject): Condition[] {
  const conditions: Condition[] = [];
  for (const raw of listOf(status.conditions)) {
    const entry = objectOf(raw);
    const type = stringOf(entry?.type);
    const value = stringOf(entry?.status);
    if (!entry || type === undefined || value === undefined) continue;
    const reason = stringOf(entry.reason);
    const message = stringOf(entry.message);
    const observedGeneration = integerOf(entry.observedGeneration);
    const lastTransitionTime = stringOf(entry.lastTransitionTime);
    conditions.push({
      type,
      status: value,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
      ...(observedGeneration !== undefined ? { observedGeneration } : {}),
      ...(lastTransitionTime ? { lastTransitionTime } : {}),
    });
  }
  return conditions;
}

export function conditionOf(status: JsonObject, type: string): Condition | undefined {
  return conditionsOf(status).find((condition) => condition.type === type);
}

/** `Available=False: MinimumReplicasUnavailable`, then the condition's message or `detail` in parentheses. */
export function describeCondition(condition: Condition, detail?: string): string {
  const head = `${condition.type}=${condition.status}${condition.reason ? `: ${condition.reason}` : ''}`;
  const tail = detail ?? condition.message;
  return tail ? `${head} (${tail})` : head;
}

/** `1 replica`, `2 replicas`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
