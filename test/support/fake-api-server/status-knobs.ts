/**
 * Controllers, played by tests: status writes through `/status` (operation Update, with the
 * field manager the real controller uses), so an applier's readiness checks meet the status
 * and managedFields they would see on a cluster.
 */
import { createHash } from 'node:crypto';
import { metadataOf, timestamp, type ClusterState } from './cluster-state.js';
import { ensureObject, getPath, isObject, stringAt, type Json, type JsonObject } from './json.js';
import { apiVersionOf, type ResourceType } from './resource-types.js';
import { writeObject, writeStatus } from './writes.js';
import { getObject } from './reads.js';

/** An object named for a knob; `apiVersion` may be left out when one served kind has that name. */
export interface ObjectRef {
  readonly kind: string;
  readonly apiVersion?: string;
  readonly namespace?: string;
  readonly name: string;
}

export type Outcome = 'ready' | 'failed';

const KUBE_CONTROLLER_MANAGER = 'kube-controller-manager';
const MANAGERS: Readonly<Record<string, string>> = {
  'postgresql.cnpg.io/Cluster': 'manager',
  'cert-manager.io/Certificate': 'cert-manager-certificates-readiness',
  'apiextensions.k8s.io/CustomResourceDefinition': 'kube-apiserver',
};

function condition(type: string, status: 'True' | 'False', reason: string, message: string, now: string, extra: JsonObject = {}): JsonObject {
  return { type, status, ...extra, lastTransitionTime: now, reason, message };
}

function templateHash(object: JsonObject): string {
  return createHash('sha256')
    .update(JSON.stringify(getPath(object, 'spec', 'template') ?? {}))
    .digest('hex')
    .slice(0, 10);
}

function numberAt(object: JsonObject, fallback: number, ...path: string[]): number {
  const value = getPath(object, ...path);
  return typeof value === 'number' ? value : fallback;
}

export class StatusKnobs {
  constructor(private readonly state: ClusterState) {}

  /** What "ready" means for the object's kind (Deployment available, Job complete, PVC bound, ...). */
  ready(ref: ObjectRef): JsonObject {
    return this.advance(ref, 'ready');
  }

  /** What "failed" means for the object's kind (ProgressDeadlineExceeded, Job Failed, Ready=False, ...). */
  failed(ref: ObjectRef): JsonObject {
    return this.advance(ref, 'failed');
  }

  advance(ref: ObjectRef, outcome: Outcome): JsonObject {
    const type = this.typeOf(ref);
    const key = `${type.group}/${type.kind}`;
    switch (key) {
      case 'apps/Deployment':
        return outcome === 'ready' ? this.deploymentAvailable(ref) : this.deploymentProgressDeadlineExceeded(ref);
      case 'apps/StatefulSet':
        return outcome === 'ready' ? this.statefulSetReady(ref) : this.setStatus(ref, (object, now) => ({ observedGeneration: metadataOf(object).generation ?? 1, replicas: numberAt(object, 1, 'spec', 'replicas'), readyReplicas: 0, conditions: [condition('Ready', 'False', 'PodsNotReady', 'pods are not ready', now)] }));
      case 'batch/Job':
        return outcome === 'ready' ? this.jobComplete(ref) : this.jobFailed(ref);
      case '/PersistentVolumeClaim':
        return outcome === 'ready' ? this.pvcBound(ref) : this.setStatus(ref, () => ({ phase: 'Lost' }));
      case '/Namespace':
        return this.setStatus(ref, () => ({ phase: outcome === 'ready' ? 'Active' : 'Terminating' }));
      case 'postgresql.cnpg.io/Cluster':
        return outcome === 'ready' ? this.cnpgClusterReady(ref) : this.cnpgClusterFailed(ref);
      case 'cert-manager.io/Certificate':
        return outcome === 'ready' ? this.certificateReady(ref) : this.certificateFailed(ref);
      case 'apiextensions.k8s.io/CustomResourceDefinition':
        return this.crdEstablished(ref.name);
      default:
        return this.readyCondition(ref, outcome === 'ready');
    }
  }

  deploymentAvailable(ref: ObjectRef): JsonObject {
    return this.setStatus(ref, (object, now) => {
      const replicas = numberAt(object, 1, 'spec', 'replicas');
      const status: JsonObject = { observedGeneration: metadataOf(object).generation ?? 1, replicas, updatedReplicas: replicas };
      if (replicas > 0) Object.assign(status, { readyReplicas: replicas, availableReplicas: replicas });
      status.conditions = [
        condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now, { lastUpdateTime: now }),
        condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${stringAt(object, 'metadata', 'name')}-${templateHash(object)}" has successfully progressed.`, now, { lastUpdateTime: now }),
      ];
      return status;
    });
  }

  deploymentProgressDeadlineExceeded(ref: ObjectRef): JsonObject {
    return this.setStatus(ref, (object, now) => {
      const replicas = numberAt(object, 1, 'spec', 'replicas');
      return {
        observedGeneration: metadataOf(object).generation ?? 1,
        replicas,
        updatedReplicas: replicas,
        unavailableReplicas: replicas,
        conditions: [
          condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now, { lastUpdateTime: now }),
          condition('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${stringAt(object, 'metadata', 'name')}-${templateHash(object)}" has timed out progressing.`, now, { lastUpdateTime: now }),
        ],
      };
    });
  }

  statefulSetReady(ref: ObjectRef): JsonObject {
    return this.setStatus(ref, (object) => {
      const replicas = numberAt(object, 1, 'spec', 'replicas');
      const revision = `${stringAt(object, 'metadata', 'name')}-${templateHash(object)}`;
      const status: JsonObject = { observedGeneration: metadataOf(object).generation ?? 1, replicas };
      if (replicas > 0) Object.assign(status, { readyReplicas: replicas, currentReplicas: replicas, updatedReplicas: replicas, availableReplicas: replicas });
      return { ...status, currentRevision: revision, updateRevision: revision, collisionCount: 0 };
    });
  }

  /** Kubernetes >= 1.31: SuccessCriteriaMet, then Complete once the pods are gone (both end up listed). */
  jobComplete(ref: ObjectRef): JsonObject {
    return this.setStatus(ref, (object, now) => ({
      conditions: ['SuccessCriteriaMet', 'Complete'].map((type) => ({ type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' })),
      startTime: stringAt(object, 'status', 'startTime') ?? now,
      completionTime: now,
      succeeded: numberAt(object, 1, 'spec', 'completions'),
      ready: 0,
      uncountedTerminatedPods: {},
    }));
  }

  /** Kubernetes >= 1.31: FailureTarget, then Failed once the pods are gone. */
  jobFailed(ref: ObjectRef): JsonObject {
    return this.setStatus(ref, (object, now) => ({
      conditions: ['FailureTarget', 'Failed'].map((type) => ({ type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' })),
      startTime: stringAt(object, 'status', 'startTime') ?? now,
      failed: numberAt(object, 6, 'spec', 'backoffLimit') + 1,
      ready: 0,
      uncountedTerminatedPods: {},
    }));
  }

  /** The binder sets `spec.volumeName` and its annotations, then the status. */
  pvcBound(ref: ObjectRef): JsonObject {
    const type = this.typeOf(ref);
    writeObject(
      this.state,
      type,
      ref.namespace ?? '',
      ref.name,
      (object) => {
        const spec = ensureObject(object, 'spec');
        spec.volumeName ??= `pvc-${stringAt(object, 'metadata', 'uid')}`;
        Object.assign(ensureObject(object, 'metadata', 'annotations'), { 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
      },
      KUBE_CONTROLLER_MANAGER,
    );
    return this.setStatus(ref, (object) => ({
      phase: 'Bound',
      accessModes: getPath(object, 'spec', 'accessModes') ?? ['ReadWriteOnce'],
      capacity: { storage: getPath(object, 'spec', 'resources', 'requests', 'storage') ?? '1Gi' },
    }));
  }

  cnpgClusterReady(ref: ObjectRef): JsonObject {
    return this.setStatus(ref, (object, now) => {
      const instances = numberAt(object, 1, 'spec', 'instances');
      const name = stringAt(object, 'metadata', 'name') ?? '';
      const instanceNames = Array.from({ length: instances }, (_, index) => `${name}-${index + 1}`);
      return {
        instances,
        readyInstances: instances,
        phase: 'Cluster in healthy state',
        currentPrimary: instanceNames[0] ?? '',
        targetPrimary: instanceNames[0] ?? '',
        instanceNames,
        latestGeneratedNode: instances,
        conditions: [condition('Ready', 'True', 'ClusterIsReady', 'Cluster is Ready', now)],
      };
    });
  }

  cnpgClusterFailed(ref: ObjectRef): JsonObject {
    return this.setStatus(ref, (object, now) => ({
      instances: numberAt(object, 1, 'spec', 'instances'),
      readyInstances: 0,
      phase: 'Setting up primary',
      conditions: [condition('Ready', 'False', 'ClusterIsNotReady', 'Cluster Is Not Ready', now)],
    }));
  }

  certificateReady(ref: ObjectRef): JsonObject {
    return this.setStatus(ref, (object, now) => {
      const date = this.state.now();
      const days = (count: number): string => timestamp(new Date(date.getTime() + count * 86_400_000));
      return {
        conditions: [condition('Ready', 'True', 'Ready', 'Certificate is up to date and has not expired', now, { observedGeneration: metadataOf(object).generation ?? 1 })],
        notBefore: now,
        notAfter: days(90),
        renewalTime: days(60),
        revision: 1,
      };
    });
  }

  certificateFailed(ref: ObjectRef): JsonObject {
    return this.setStatus(ref, (object, now) => {
      const generation = metadataOf(object).generation ?? 1;
      return {
        conditions: [
          condition('Ready', 'False', 'DoesNotExist', 'Issuing certificate as Secret does not exist', now, { observedGeneration: generation }),
          condition('Issuing', 'False', 'Failed', 'The certificate request has failed to complete and will be retried', now, { observedGeneration: generation }),
        ],
        failedIssuanceAttempts: 1,
      };
    });
  }

  crdEstablished(name: string): JsonObject {
    return this.setStatus({ kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1', name }, (object, now) => crdStatus(object, now, true));
  }

  /** Any kind: `Ready` condition True or False with observedGeneration. */
  readyCondition(ref: ObjectRef, ready: boolean): JsonObject {
    return this.setStatus(ref, (object, now) => {
      const generation = metadataOf(object).generation ?? 1;
      const current = isObject(object.status) ? object.status : {};
      const entry = ready ? condition('Ready', 'True', 'Succeeded', 'Resource is ready', now, { observedGeneration: generation }) : condition('Ready', 'False', 'Failed', 'Resource failed', now, { observedGeneration: generation });
      return { ...current, observedGeneration: generation, conditions: [entry] };
    });
  }

  /** Writes a status computed from the current object, as `manager` (the kind's controller by default). */
  setStatus(ref: ObjectRef, status: JsonObject | ((object: JsonObject, now: string) => JsonObject), manager?: string): JsonObject {
    const type = this.typeOf(ref);
    const namespace = type.namespaced ? (ref.namespace ?? '') : '';
    const object = getObject(this.state, type, namespace, ref.name);
    const next = typeof status === 'function' ? status(object, timestamp(this.state.now())) : status;
    return writeStatus(this.state, type, namespace, ref.name, next, manager ?? MANAGERS[`${type.group}/${type.kind}`] ?? (type.definedBy === undefined ? KUBE_CONTROLLER_MANAGER : 'fake-controller'));
  }

  private typeOf(ref: ObjectRef): ResourceType {
    const type = this.state.registry.byKindName(ref.kind, ref.apiVersion);
    if (type.namespaced && (ref.namespace === undefined || ref.namespace === '')) throw new Error(`${apiVersionOf(type)} ${type.kind} ${ref.name} needs a namespace`);
    return type;
  }
}

/** A CRD's status once the API server has accepted its names (and, when `established`, serves it). */
export function crdStatus(definition: JsonObject, now: string, established: boolean): JsonObject {
  const names = getPath(definition, 'spec', 'names') ?? {};
  const versions = getPath(definition, 'spec', 'versions');
  const storage = Array.isArray(versions) ? versions.filter(isObject).find((version) => version.storage === true) : undefined;
  const conditions: Json[] = [
    condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', now),
    established ? condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted', now) : condition('Established', 'False', 'Installing', 'the initial names have been accepted', now),
  ];
  return { acceptedNames: names, conditions, storedVersions: storage ? [storage.name ?? 'v1'] : [] };
}
