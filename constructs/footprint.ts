/**
 * What a namespace's objects can consume at once: every workload at its
 * maximum (HPA maxReplicas included) plus its rolling-update surge, every
 * Job and CronJob run, CloudNativePG instances and their bootstrap Job, and
 * the storage of every claim. Quotas are computed from this and `check`
 * verifies quotas against it, so the two cannot disagree.
 */
import { bytes, cpuMillis } from './quantity.js';

/** A synthesized object as plain JSON. */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [key: string]: unknown;
}

export interface Footprint {
  /** millicores */
  readonly requestsCpu: number;
  /** bytes */
  readonly requestsMemory: number;
  readonly limitsCpu: number;
  readonly limitsMemory: number;
  readonly pods: number;
  /** bytes of persistent storage requested */
  readonly storage: number;
  readonly persistentVolumeClaims: number;
  readonly services: number;
}

/** Kinds that consume quota, plus the HPA that scales them; everything else costs nothing. */
export const FOOTPRINT_KINDS: ReadonlySet<string> = new Set([
  'Deployment', 'StatefulSet', 'Job', 'CronJob', 'Pod', 'PersistentVolumeClaim', 'Service', 'Cluster', 'HorizontalPodAutoscaler',
]);

export const EMPTY_FOOTPRINT: Footprint = {
  requestsCpu: 0, requestsMemory: 0, limitsCpu: 0, limitsMemory: 0, pods: 0, storage: 0, persistentVolumeClaims: 0, services: 0,
};

export function addFootprints(a: Footprint, b: Footprint): Footprint {
  return {
    requestsCpu: a.requestsCpu + b.requestsCpu,
    requestsMemory: a.requestsMemory + b.requestsMemory,
    limitsCpu: a.limitsCpu + b.limitsCpu,
    limitsMemory: a.limitsMemory + b.limitsMemory,
    pods: a.pods + b.pods,
    storage: a.storage + b.storage,
    persistentVolumeClaims: a.persistentVolumeClaims + b.persistentVolumeClaims,
    services: a.services + b.services,
  };
}

export function scaleFootprint(footprint: Footprint, factor: number): Footprint {
  return {
    requestsCpu: footprint.requestsCpu * factor,
    requestsMemory: footprint.requestsMemory * factor,
    limitsCpu: footprint.limitsCpu * factor,
    limitsMemory: footprint.limitsMemory * factor,
    pods: footprint.pods * factor,
    storage: footprint.storage * factor,
    persistentVolumeClaims: footprint.persistentVolumeClaims * factor,
    services: footprint.services * factor,
  };
}

interface Container { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }
interface PodSpec { containers?: Container[]; initContainers?: Container[] }
type Json = Record<string, unknown>;

/** The footprint of one pod: the sum of its containers, or its largest init container if that is more. */
export function podFootprint(spec: PodSpec): Footprint {
  const sum = (side: 'requests' | 'limits', key: string, convert: (q: string) => number, containers: Container[] = []) =>
    containers.reduce((total, c) => total + (c.resources?.[side]?.[key] ? convert(c.resources[side]![key]) : 0), 0);
  const maxInit = (side: 'requests' | 'limits', key: string, convert: (q: string) => number) =>
    Math.max(0, ...(spec.initContainers ?? []).map((c) => (c.resources?.[side]?.[key] ? convert(c.resources[side]![key]) : 0)));
  const effective = (side: 'requests' | 'limits', key: string, convert: (q: string) => number) =>
    Math.max(sum(side, key, convert, spec.containers), maxInit(side, key, convert));
  return {
    ...EMPTY_FOOTPRINT,
    requestsCpu: effective('requests', 'cpu', cpuMillis),
    requestsMemory: effective('requests', 'memory', bytes),
    limitsCpu: effective('limits', 'cpu', cpuMillis),
    limitsMemory: effective('limits', 'memory', bytes),
    pods: 1,
  };
}

/** The sum over objects, with HPA maxima applied to their targets. */
export function namespaceFootprint(objects: readonly ManifestObject[]): Footprint {
  const hpaMax = new Map<string, number>();
  for (const object of objects) {
    if (object.kind !== 'HorizontalPodAutoscaler') continue;
    const spec = object.spec as { scaleTargetRef: { kind: string; name: string }; maxReplicas: number };
    hpaMax.set(`${spec.scaleTargetRef.kind}/${spec.scaleTargetRef.name}`, spec.maxReplicas);
  }
  return objects.reduce((total, object) => addFootprints(total, objectFootprint(object, hpaMax)), EMPTY_FOOTPRINT);
}

export function objectFootprint(object: ManifestObject, hpaMax: ReadonlyMap<string, number> = new Map()): Footprint {
  const spec = (object.spec ?? {}) as Json;
  const maxReplicas = (fallback: number) => hpaMax.get(`${object.kind}/${object.metadata.name}`) ?? fallback;
  switch (object.kind) {
    case 'Deployment': {
      const replicas = maxReplicas((spec.replicas as number | undefined) ?? 1);
      const pod = podFootprint(templateSpec(spec));
      return scaleFootprint(pod, replicas + surge(spec, replicas));
    }
    case 'StatefulSet': {
      const replicas = maxReplicas((spec.replicas as number | undefined) ?? 1);
      const claims = (spec.volumeClaimTemplates as Json[] | undefined) ?? [];
      const storage = claims.reduce((total, claim) => total + claimStorage(claim.spec as Json), 0);
      return addFootprints(scaleFootprint(podFootprint(templateSpec(spec)), replicas), {
        ...EMPTY_FOOTPRINT, storage: storage * replicas, persistentVolumeClaims: claims.length * replicas,
      });
    }
    case 'Job':
      return scaleFootprint(podFootprint(templateSpec(spec)), (spec.parallelism as number | undefined) ?? 1);
    case 'CronJob': {
      const job = ((spec.jobTemplate as Json | undefined)?.spec ?? {}) as Json;
      const runs = spec.concurrencyPolicy === 'Allow' ? 2 : 1;
      return scaleFootprint(podFootprint(templateSpec(job)), runs * ((job.parallelism as number | undefined) ?? 1));
    }
    case 'Pod':
      return podFootprint(spec as PodSpec);
    case 'PersistentVolumeClaim':
      return { ...EMPTY_FOOTPRINT, storage: claimStorage(spec), persistentVolumeClaims: 1 };
    case 'Service':
      return { ...EMPTY_FOOTPRINT, services: 1 };
    case 'Cluster':
      return object.apiVersion.startsWith('postgresql.cnpg.io/') ? cnpgClusterFootprint(spec) : EMPTY_FOOTPRINT;
    default:
      return EMPTY_FOOTPRINT;
  }
}

/**
 * CNPG runs `instances` pods plus, while bootstrapping or joining a replica,
 * one Job pod with the same resources; it creates the -rw, -ro and -r Services.
 */
function cnpgClusterFootprint(spec: Json): Footprint {
  const instances = (spec.instances as number | undefined) ?? 1;
  const pod = podFootprint({ containers: [{ resources: spec.resources as Container['resources'] }] });
  const perInstanceStorage = ['storage', 'walStorage'].reduce((total, key) => {
    const size = (spec[key] as { size?: string } | undefined)?.size;
    return total + (size ? bytes(size) : 0);
  }, 0);
  const claimsPerInstance = spec.walStorage ? 2 : 1;
  return addFootprints(scaleFootprint(pod, instances + 1), {
    ...EMPTY_FOOTPRINT, storage: perInstanceStorage * instances, persistentVolumeClaims: claimsPerInstance * instances, services: 3,
  });
}

function templateSpec(spec: Json): PodSpec {
  return ((spec.template as Json | undefined)?.spec ?? {}) as PodSpec;
}

function claimStorage(spec: Json | undefined): number {
  const storage = ((spec?.resources as Json | undefined)?.requests as Record<string, string> | undefined)?.storage;
  return storage ? bytes(storage) : 0;
}

/** Extra pods a RollingUpdate may start (maxSurge, a number or a percentage rounded up). */
function surge(spec: Json, replicas: number): number {
  const strategy = spec.strategy as { type?: string; rollingUpdate?: { maxSurge?: number | string } } | undefined;
  if (strategy?.type === 'Recreate') return 0;
  const maxSurge = strategy?.rollingUpdate?.maxSurge ?? '25%';
  if (typeof maxSurge === 'number') return maxSurge;
  return Math.ceil((replicas * Number.parseInt(maxSurge, 10)) / 100);
}
