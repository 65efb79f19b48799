/**
 * `objectGraph(objects)`: the objects of a chart instance as nodes and their references
 * as edges. Referenced objects the chart does not synthesize (declared Secrets, Secrets
 * that CloudNativePG or cert-manager create) become external nodes. Pure and deterministic.
 */
import type { ManifestObject } from '../../constructs/index.js';
import { refKey, ref, type ExternalOrigin, type ObjectRef } from './object-ref.js';
import { referencesOf } from './references.js';

export interface GraphNode {
  /** Stable identifier, `[A-Za-z0-9_]` only: kind, namespace and name. */
  readonly id: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** False for objects that are referenced but not in the chart's output. */
  readonly synthesized: boolean;
  /** Who creates an external node. */
  readonly origin?: ExternalOrigin;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** How the source refers to the target, e.g. `backend` or `secretKeyRef, volume`. */
  readonly label: string;
}

export interface ObjectGraph {
  /** Synthesized objects in the given (apply) order, then external nodes by kind, namespace and name. */
  readonly nodes: readonly GraphNode[];
  /** In the order of their source node, then of discovery; one edge per source and target. */
  readonly edges: readonly GraphEdge[];
}

export interface ObjectGraphOptions {
  /** Secrets the chart declares (created before apply, never synthesized); marks their nodes. @default [] */
  readonly declaredSecrets?: readonly { readonly name: string; readonly namespace?: string }[];
  /** Keep objects that neither refer to nor are referred to by anything (Namespace, quotas, NetworkPolicies). @default true */
  readonly includeIsolated?: boolean;
}

export function objectGraph(objects: readonly ManifestObject[], options: ObjectGraphOptions = {}): ObjectGraph {
  const declared = new Set((options.declaredSecrets ?? []).map((secret) => refKey(ref('Secret', secret.name, secret.namespace))));
  const ids = new IdAllocator();
  const nodes = new Map<string, GraphNode>();
  for (const object of objects) {
    const target = ref(object.kind, object.metadata.name, object.metadata.namespace);
    const key = refKey(target);
    if (!nodes.has(key)) nodes.set(key, { id: ids.allocate(target), ...target, synthesized: true });
  }

  const external = new Map<string, { target: ObjectRef; origin: ExternalOrigin }>();
  const edges = new Map<string, { from: string; to: string; labels: string[] }>();
  for (const object of objects) {
    const sourceKey = refKey(ref(object.kind, object.metadata.name, object.metadata.namespace));
    for (const reference of referencesOf(object, objects)) {
      const targetKey = refKey(reference.target);
      if (targetKey === sourceKey) continue;
      if (!nodes.has(targetKey)) {
        const origin = declared.has(targetKey) ? 'declared, created before apply' : (reference.origin ?? 'referenced');
        const known = external.get(targetKey);
        if (!known || (known.origin === 'referenced' && origin !== 'referenced')) external.set(targetKey, { target: reference.target, origin });
      }
      const edgeKey = `${sourceKey}\u0000${targetKey}`;
      const edge = edges.get(edgeKey) ?? { from: sourceKey, to: targetKey, labels: [] };
      if (!edge.labels.includes(reference.label)) edge.labels.push(reference.label);
      edges.set(edgeKey, edge);
    }
  }
  for (const [key, { target, origin }] of [...external].sort(([a], [b]) => compare(a, b))) {
    nodes.set(key, { id: ids.allocate(target), ...target, synthesized: false, origin });
  }

  const connected = new Set([...edges.values()].flatMap((edge) => [edge.from, edge.to]));
  const kept = [...nodes].filter(([key]) => options.includeIsolated !== false || connected.has(key));
  return {
    nodes: kept.map(([, node]) => node),
    edges: [...edges.values()].map((edge) => ({ from: nodes.get(edge.from)!.id, to: nodes.get(edge.to)!.id, label: edge.labels.join(', ') })),
  };
}

/** Readable ids from kind, namespace and name; a later node whose id is taken gets `_2`, `_3`, ... */
class IdAllocator {
  private readonly used = new Set<string>();

  allocate(target: ObjectRef): string {
    const base = [target.kind, target.namespace, target.name].filter((part) => part !== undefined).join('_').replace(/[^A-Za-z0-9]/g, '_');
    let id = base;
    for (let suffix = 2; this.used.has(id); suffix += 1) id = `${base}_${suffix}`;
    this.used.add(id);
    return id;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
