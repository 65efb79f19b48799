/** Where a workload keeps its pod template (upstream admission DefaultPodSpecExtractor). */
import { objectOf } from './pod.js';

export interface PodTemplateRef {
  readonly spec: unknown;
  readonly metadata?: { annotations?: Record<string, string> };
  /** Path of the pod spec inside the object, e.g. `spec.template.spec`. */
  readonly path: string;
}

/** Path from the object to its pod template (the parent of `spec` and `metadata`), by kind. */
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The pod template of a workload object (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), with the path prefix to it (e.g. 'spec.template.spec'), or undefined for other kinds. */
export function podTemplateOf(object: { kind: string; spec?: unknown; metadata?: unknown }): PodTemplateRef | undefined {
  const kind = objectOf(object)?.kind;
  if (kind === 'Pod') return { spec: object.spec, metadata: annotationsOnly(object.metadata), path: 'spec' };
  const steps = typeof kind === 'string' ? TEMPLATE_PATHS[kind] : undefined;
  if (!steps) return undefined;
  const template = steps.reduce<unknown>((value, step) => objectOf(value)?.[step], object);
  return { spec: objectOf(template)?.spec, metadata: annotationsOnly(objectOf(template)?.metadata), path: [...steps, 'spec'].join('.') };
}

function annotationsOnly(metadata: unknown): { annotations?: Record<string, string> } | undefined {
  const annotations = objectOf(objectOf(metadata)?.annotations);
  if (!annotations) return objectOf(metadata) ? {} : undefined;
  return { annotations: Object.fromEntries(Object.entries(annotations).filter((entry): entry is [string, string] => typeof entry[1] === 'string')) };
}

/**
 * A violation's path inside the whole object: `spec.template.spec` + `containers[0].image`, or for an
 * annotation (`metadata.annotations[...]`, beside the spec) `spec.template` + `metadata.annotations[...]`.
 */
export function pathInObject(specPath: string, violationPath: string): string {
  if (!violationPath.startsWith('metadata.')) return `${specPath}.${violationPath}`;
  const template = specPath.split('.').slice(0, -1).join('.');
  return template ? `${template}.${violationPath}` : violationPath;
}
