/**
 * Our commands never move an item to another cluster. Under first-fit, an edit
 * of the platform file that removes an item (brick delete) or adds one in the
 * middle (a shared tenant made dedicated) can move later unpinned items; the
 * edit pins each of them to the cluster it runs on instead, and pins what it
 * places for the first time where it lands. Pinning an item where first-fit
 * put it moves no other item, so the pins change nothing but the moves.
 */
import { ConfigError } from '../errors.js';
import { placeOnClusters, type PlacedItem, type PlacedKind } from './clusters.js';
import { pinClusters } from './edit.js';
import { parsePlatform } from './load.js';
import { brickNamespace } from './naming.js';
import type { Platform } from './schema.js';

/** A `cluster:` an edit writes into the platform file. */
export interface ClusterPin {
  readonly kind: PlacedKind;
  /** Tenant id, brick namespace or customer id. */
  readonly name: string;
  readonly cluster: string;
  /** `placed`: the edit places the item, on this cluster; `kept`: without the pin the edit would move it off this cluster. */
  readonly reason: 'placed' | 'kept';
  /** Path of the item in the edited platform file, e.g. `['bricks', 'instances', 2]`. */
  readonly at: readonly PropertyKey[];
}

/** An item the command is about (the brick `brick deploy` deploys): pinned where it is placed, even when it existed before. */
export interface PlacedRef {
  readonly kind: PlacedKind;
  readonly name: string;
}

const keyOf = (kind: PlacedKind, name: string): string => `${kind}/${name}`;

/**
 * The pins that keep every item of `before` on its cluster in `after`, and fix
 * where items new in `after` (and `subjects`) are placed; none without clusters.
 * @param before the platform before the edit; undefined when it had no valid placement (nothing to keep)
 */
export function placementPins(before: Platform | undefined, after: Platform, subjects: readonly PlacedRef[] = []): ClusterPin[] {
  const declared = new Set((after.clusters ?? []).map((cluster) => cluster.name));
  if (declared.size === 0) return [];
  const was = new Map(before ? placeOnClusters(before).items.map((item) => [keyOf(item.kind, item.key), item.cluster]) : []);
  const pins = new Map<string, ClusterPin>();
  let current = after;
  // A pin takes its seat ahead of the unpinned items, which can move another one: repeat until nothing moves (each round pins one more).
  for (;;) {
    const moved = placeOnClusters(current).items.filter((item) => {
      const previous = was.get(keyOf(item.kind, item.key));
      return item.pinned === undefined && previous !== undefined && declared.has(previous) && item.cluster !== previous;
    });
    if (moved.length === 0) break;
    for (const item of moved) pins.set(keyOf(item.kind, item.key), pinOf(item, was.get(keyOf(item.kind, item.key))!, 'kept'));
    current = pinPlatform(after, [...pins.values()]);
  }
  const wanted = new Set(subjects.map((subject) => keyOf(subject.kind, subject.name)));
  for (const item of placeOnClusters(current).items) {
    const key = keyOf(item.kind, item.key);
    const fresh = before !== undefined && !was.has(key);
    if (item.pinned === undefined && item.cluster !== undefined && (fresh || wanted.has(key))) pins.set(key, pinOf(item, item.cluster, 'placed'));
  }
  return [...pins.values()];
}

function pinOf(item: PlacedItem, cluster: string, reason: ClusterPin['reason']): ClusterPin {
  return { kind: item.kind, name: item.key, cluster, reason, at: item.at };
}

/** The platform with the pins' `cluster` set on their items (not validated again). */
export function pinPlatform(platform: Platform, pins: readonly ClusterPin[]): Platform {
  const clusterOf = new Map(pins.map((pin) => [keyOf(pin.kind, pin.name), pin.cluster]));
  const pinned = <T extends { readonly cluster?: string }>(kind: PlacedKind, name: string, item: T): T => {
    const cluster = clusterOf.get(keyOf(kind, name));
    return cluster === undefined ? item : { ...item, cluster };
  };
  return {
    ...platform,
    tenants: platform.tenants.map((tenant) => pinned('tenant', tenant.id, tenant)),
    bricks: platform.bricks && { ...platform.bricks, instances: platform.bricks.instances.map((brick) => pinned('brick', brickNamespace(brick.customer, brick.app), brick)) },
    customers: platform.customers && { ...platform.customers, instances: platform.customers.instances.map((customer) => pinned('customer', customer.id, customer)) },
  };
}

export interface KeptPlacement {
  /** The edited file with the pins written in. */
  readonly text: string;
  /** `text`, validated. */
  readonly platform: Platform;
  readonly pinned: readonly ClusterPin[];
}

/**
 * `afterText` (an edit of `beforeText`) with the pins written in, comments and
 * layout kept; throws the ConfigError of an invalid edit.
 */
export function keepPlacement(beforeText: string, afterText: string, options: { readonly source?: string; readonly subjects?: readonly PlacedRef[] } = {}): KeptPlacement {
  const after = parsePlatform(afterText, options.source);
  const pinned = placementPins(validOrUndefined(beforeText, options.source), after, options.subjects);
  if (pinned.length === 0) return { text: afterText, platform: after, pinned };
  const text = pinClusters(afterText, pinned);
  return { text, platform: parsePlatform(text, options.source), pinned };
}

/** An invalid file has no placement to keep (the edit may be what makes it valid). */
function validOrUndefined(text: string, source: string | undefined): Platform | undefined {
  try {
    return parsePlatform(text, source);
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}
