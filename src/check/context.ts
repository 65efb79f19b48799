/** The objects a check looks at, indexed the ways rules need. */
import type { ManifestObject } from '../../constructs/index.js';
import { podTemplateOf } from './pod-security/index.js';

export interface LocatedObject {
  readonly object: ManifestObject;
  /** Output file, e.g. `tenants/acme.k8s.yaml`. */
  readonly file?: string;
}

export interface PodTemplate {
  readonly owner: LocatedObject;
  /** Path of the pod spec inside the owner, e.g. `spec.template.spec`. */
  readonly path: string;
  readonly spec: PodSpecJson;
  /** Labels of the pods (the template's, or the Pod's own). */
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface ContainerJson {
  readonly name?: string;
  readonly image?: string;
  readonly env?: { name: string; value?: string; valueFrom?: unknown }[];
  readonly resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readonly readinessProbe?: unknown;
  readonly livenessProbe?: unknown;
}

export interface PodSpecJson {
  readonly containers?: ContainerJson[];
  readonly initContainers?: ContainerJson[];
  readonly serviceAccountName?: string;
  readonly automountServiceAccountToken?: boolean;
}

/** One chart instance (one output file) or, for `check DIR`, one YAML file. */
export class CheckUnit {
  readonly podTemplates: readonly PodTemplate[];

  constructor(readonly objects: readonly LocatedObject[]) {
    this.podTemplates = objects.flatMap((located) => {
      const template = podTemplateOf(located.object as { kind: string; spec?: unknown; metadata?: unknown });
      if (!template || typeof template.spec !== 'object' || template.spec === null) return [];
      const metadataPath = template.path === 'spec' ? 'metadata' : `${template.path.slice(0, -'.spec'.length)}.metadata`;
      const labels = (valueAt(located.object, `${metadataPath}.labels`) ?? {}) as Record<string, string>;
      return [{ owner: located, path: template.path, spec: template.spec as PodSpecJson, labels, annotations: template.metadata?.annotations }];
    });
  }

  ofKind(...kinds: string[]): LocatedObject[] {
    return this.objects.filter((o) => kinds.includes(o.object.kind));
  }

  inNamespace(namespace: string): LocatedObject[] {
    return this.objects.filter((o) => o.object.metadata.namespace === namespace);
  }
}

/** Containers and init containers of a pod spec, with their paths. */
export function containersOf(spec: PodSpecJson): { container: ContainerJson; path: string; init: boolean }[] {
  return [
    ...(spec.initContainers ?? []).map((container, i) => ({ container, path: `initContainers[${i}]`, init: true })),
    ...(spec.containers ?? []).map((container, i) => ({ container, path: `containers[${i}]`, init: false })),
  ];
}

export function selectorMatches(selector: { matchLabels?: Record<string, string> } | undefined, labels: Record<string, string>): boolean {
  const wanted = selector?.matchLabels ?? {};
  return Object.keys(wanted).length > 0 && Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

/** The value at a dotted path (`spec.template.metadata`), or undefined. */
function valueAt(object: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined), object);
}
