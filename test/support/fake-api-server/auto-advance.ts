/** Rules that play controllers on their own: "every Deployment becomes available 50 ms after it is written". */
import { metadataOf, nameOf, namespaceOf, storeKey, type ClusterState, type WriteEvent } from './cluster-state.js';
import { deepEqual, stringAt } from './json.js';
import { apiVersionOf } from './resource-types.js';
import type { Outcome, StatusKnobs } from './status-knobs.js';

export interface AutoAdvanceRule {
  readonly kind: string;
  /** Only this apiVersion of the kind; any when absent. */
  readonly apiVersion?: string;
  readonly namespace?: string;
  readonly name?: string | RegExp;
  /** Delay after each create, and after each update that changes the spec (generation). */
  readonly afterMs: number;
  /** @default 'ready' */
  readonly outcome?: Outcome;
}

export interface RuleHandle {
  remove(): void;
}

function matches(rule: AutoAdvanceRule, event: WriteEvent): boolean {
  if (rule.kind !== event.type.kind) return false;
  if (rule.apiVersion !== undefined && rule.apiVersion !== apiVersionOf(event.type)) return false;
  if (rule.namespace !== undefined && rule.namespace !== namespaceOf(event.object)) return false;
  const name = nameOf(event.object);
  if (rule.name === undefined) return true;
  return typeof rule.name === 'string' ? rule.name === name : rule.name.test(name);
}

/** A write a controller reacts to: a new object, or a new generation (a new spec) of one. */
function isTrigger(event: WriteEvent): boolean {
  if (event.kind === 'created') return true;
  if (event.kind !== 'updated' || !event.previous) return false;
  if (stringAt(event.object, 'metadata', 'deletionTimestamp') !== undefined) return false;
  if (event.type.tracksGeneration) return metadataOf(event.object).generation !== metadataOf(event.previous).generation;
  return !deepEqual(event.object.spec, event.previous.spec);
}

export class AutoAdvance {
  private rules: AutoAdvanceRule[] = [];
  private readonly pending = new Map<string, () => void>();

  constructor(
    private readonly state: ClusterState,
    private readonly knobs: StatusKnobs,
  ) {}

  add(rule: AutoAdvanceRule): RuleHandle {
    this.rules.push(rule);
    return { remove: () => (this.rules = this.rules.filter((candidate) => candidate !== rule)) };
  }

  onWrite(event: WriteEvent): void {
    if (!isTrigger(event)) return;
    const rule = this.rules.find((candidate) => matches(candidate, event));
    if (!rule) return;
    const { type, object } = event;
    const key = `${type.group}/${type.resource}/${namespaceOf(object)}/${nameOf(object)}`;
    this.pending.get(key)?.();
    const uid = stringAt(object, 'metadata', 'uid');
    const generation = metadataOf(object).generation;
    const cancel = this.state.scheduler.schedule(rule.afterMs, `${rule.outcome ?? 'ready'}: ${key}`, () => {
      this.pending.delete(key);
      const current = this.state.store.get(storeKey(type, namespaceOf(object), nameOf(object)));
      if (!current || stringAt(current, 'metadata', 'uid') !== uid || metadataOf(current).generation !== generation) return;
      if (stringAt(current, 'metadata', 'deletionTimestamp') !== undefined) return;
      this.knobs.advance({ kind: type.kind, apiVersion: apiVersionOf(type), namespace: namespaceOf(object), name: nameOf(object) }, rule.outcome ?? 'ready');
    });
    this.pending.set(key, cancel);
  }
}
