import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasReadinessRule, readinessOf, type Readiness, type ReadinessContext, type ReadinessObject } from '../../src/apply/readiness/index.js';

interface Case {
  readonly name: string;
  readonly object: ReadinessObject;
  readonly context?: ReadinessContext;
  readonly expected: Readiness;
}

const inProgress = (message: string): Readiness => ({ state: 'in-progress', message });
const ready = (message: string): Readiness => ({ state: 'ready', message });
const failed = (message: string): Readiness => ({ state: 'failed', message });

type Metadata = ReadinessObject['metadata'];

function objectOf(apiVersion: string, kind: string, spec: unknown, status?: unknown, metadata: Partial<Metadata> = {}): ReadinessObject {
  return {
    apiVersion,
    kind,
    metadata: { name: 'api', namespace: 'tenant-acme', generation: 2, ...metadata },
    ...(spec === undefined ? {} : { spec }),
    ...(status === undefined ? {} : { status }),
  };
}

function runTable(cases: readonly Case[]): void {
  it.each(cases)('$name', ({ object, context, expected }) => {
    expect(readinessOf(object, context)).toEqual(expected);
  });
}

const condition = (type: string, status: string, reason?: string, message?: string, extra: Record<string, unknown> = {}) => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
  ...extra,
});

describe('Deployment', () => {
  const deployment = (spec: unknown, status?: unknown, metadata?: Partial<Metadata>) => objectOf('apps/v1', 'Deployment', spec, status, metadata);
  const available = condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.');
  const unavailable = condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.');
  const complete = condition('Progressing', 'True', 'NewReplicaSetAvailable', 'ReplicaSet "api-7c9" has successfully progressed.');
  const updating = condition('Progressing', 'True', 'ReplicaSetUpdated', 'ReplicaSet "api-7c9" is progressing.');
  const deadline = condition('Progressing', 'False', 'ProgressDeadlineExceeded', 'ReplicaSet "api-7c9" has timed out progressing.');
  const settled = (replicas: number, conditions: unknown[] = [available, complete]) => ({
    observedGeneration: 2,
    replicas,
    updatedReplicas: replicas,
    availableReplicas: replicas,
    readyReplicas: replicas,
    conditions,
  });

  runTable([
    { name: 'no status yet', object: deployment({ replicas: 2 }), expected: inProgress('no status yet') },
    { name: 'an empty status is no status', object: deployment({ replicas: 2 }, {}), expected: inProgress('no status yet') },
    {
      name: 'a settled status for the previous generation is stale',
      object: deployment({ replicas: 2 }, { ...settled(2), observedGeneration: 1 }),
      expected: inProgress('status is stale: observedGeneration 1 is older than generation 2'),
    },
    {
      name: 'a status without observedGeneration was not written for this generation',
      object: deployment({ replicas: 2 }, { replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2, conditions: [available, complete] }),
      expected: inProgress('waiting for the controller to observe generation 2'),
    },
    {
      name: 'ProgressDeadlineExceeded fails fast',
      object: deployment({ replicas: 2 }, { observedGeneration: 2, replicas: 2, updatedReplicas: 1, availableReplicas: 1, readyReplicas: 1, conditions: [unavailable, deadline] }),
      expected: failed('Progressing=False: ProgressDeadlineExceeded (ReplicaSet "api-7c9" has timed out progressing.)'),
    },
    {
      name: 'a deadline exceeded by the previous generation does not fail the new apply',
      object: deployment({ replicas: 2 }, { observedGeneration: 1, replicas: 2, conditions: [deadline] }),
      expected: inProgress('status is stale: observedGeneration 1 is older than generation 2'),
    },
    {
      name: 'new replicas not all updated',
      object: deployment({ replicas: 2 }, { observedGeneration: 2, replicas: 2, updatedReplicas: 1, availableReplicas: 2, readyReplicas: 2, conditions: [available, updating] }),
      expected: inProgress('rolling out: 1 of 2 replicas updated'),
    },
    {
      name: 'old replicas still running',
      object: deployment({ replicas: 2 }, { observedGeneration: 2, replicas: 3, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2, conditions: [available, updating] }),
      expected: inProgress('rolling out: 1 old replica pending termination'),
    },
    {
      name: 'too few available, with the Available condition',
      object: deployment({ replicas: 2 }, { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1, readyReplicas: 1, conditions: [unavailable, updating] }),
      expected: inProgress('Available=False: MinimumReplicasUnavailable (1 of 2 available)'),
    },
    {
      name: 'too few available although the minimum is met',
      object: deployment({ replicas: 2 }, { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1, readyReplicas: 1, conditions: [available, updating] }),
      expected: inProgress('1 of 2 available'),
    },
    {
      name: 'too few ready',
      object: deployment({ replicas: 2 }, { ...settled(2), readyReplicas: 1 }),
      expected: inProgress('1 of 2 ready'),
    },
    {
      name: 'counts match but the controller has not declared the rollout complete',
      object: deployment({ replicas: 2 }, settled(2, [available, updating])),
      expected: inProgress('Progressing=True: ReplicaSetUpdated (ReplicaSet "api-7c9" is progressing.)'),
    },
    {
      name: 'counts match but Available is not reported',
      object: deployment({ replicas: 2 }, settled(2, [complete])),
      expected: inProgress('waiting for the Available condition'),
    },
    {
      name: 'counts match but Available=False',
      object: deployment({ replicas: 2 }, settled(2, [unavailable, complete])),
      expected: inProgress('Available=False: MinimumReplicasUnavailable (Deployment does not have minimum availability.)'),
    },
    {
      name: 'ready',
      object: deployment({ replicas: 2 }, settled(2)),
      expected: ready('Available=True: MinimumReplicasAvailable (2 of 2 replicas updated, available and ready)'),
    },
    {
      name: 'an older Deployment without a Progressing condition is ready on counts and Available',
      object: deployment({ replicas: 1 }, settled(1, [available])),
      expected: ready('Available=True: MinimumReplicasAvailable (1 of 1 replica updated, available and ready)'),
    },
    {
      name: 'HPA-owned replicas (no spec.replicas): waits for the count the HPA set',
      object: deployment({}, { ...settled(4), updatedReplicas: 3 }),
      expected: inProgress('rolling out: 3 of 4 replicas updated'),
    },
    {
      name: 'HPA-owned replicas, settled',
      object: deployment({}, settled(4)),
      expected: ready('Available=True: MinimumReplicasAvailable (4 of 4 replicas updated, available and ready)'),
    },
    {
      name: 'no replicas anywhere defaults to 1',
      object: deployment({}, { observedGeneration: 2, conditions: [unavailable] }),
      expected: inProgress('rolling out: 0 of 1 replica updated'),
    },
    {
      name: 'scaled to 0 is ready once observed',
      object: deployment({ replicas: 0 }, { observedGeneration: 2, conditions: [available] }),
      expected: ready('scaled to 0 replicas'),
    },
    {
      name: 'scaled to 0 but not observed yet',
      object: deployment({ replicas: 0 }, { observedGeneration: 1, replicas: 2 }),
      expected: inProgress('status is stale: observedGeneration 1 is older than generation 2'),
    },
    {
      name: 'scaling to 0 with a replica left',
      object: deployment({ replicas: 0 }, { observedGeneration: 2, replicas: 1 }),
      expected: inProgress('scaling to 0: 1 replica left'),
    },
    {
      name: 'terminating',
      object: deployment({ replicas: 2 }, settled(2), { deletionTimestamp: '2026-09-01T10:00:00Z' }),
      expected: inProgress('terminating'),
    },
  ]);
});

describe('StatefulSet', () => {
  const statefulSet = (spec: unknown, status?: unknown, metadata?: Partial<Metadata>) => objectOf('apps/v1', 'StatefulSet', spec, status, metadata);
  const settled = (replicas: number) => ({
    observedGeneration: 2,
    replicas,
    readyReplicas: replicas,
    currentReplicas: replicas,
    updatedReplicas: replicas,
    currentRevision: 'db-6b8',
    updateRevision: 'db-6b8',
  });
  const rolling = { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };

  runTable([
    { name: 'no status yet', object: statefulSet({ replicas: 3, updateStrategy: rolling }), expected: inProgress('no status yet') },
    { name: 'OnDelete without status is not ready either', object: statefulSet({ replicas: 3, updateStrategy: { type: 'OnDelete' } }), expected: inProgress('no status yet') },
    {
      name: 'stale status',
      object: statefulSet({ replicas: 3, updateStrategy: rolling }, { ...settled(3), observedGeneration: 1 }),
      expected: inProgress('status is stale: observedGeneration 1 is older than generation 2'),
    },
    {
      name: 'status without observedGeneration',
      object: statefulSet({ replicas: 1 }, { replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1 }),
      expected: inProgress('waiting for the controller to observe generation 2'),
    },
    {
      name: 'OnDelete is ready once observed',
      object: statefulSet({ replicas: 3, updateStrategy: { type: 'OnDelete' } }, { observedGeneration: 2, replicas: 3, readyReplicas: 1 }),
      expected: ready('update strategy OnDelete: pods change only when deleted'),
    },
    {
      name: 'too few replicas created',
      object: statefulSet({ replicas: 3, updateStrategy: rolling }, { ...settled(1) }),
      expected: inProgress('1 of 3 replicas created'),
    },
    {
      name: 'too few ready',
      object: statefulSet({ replicas: 3, updateStrategy: rolling }, { ...settled(3), readyReplicas: 2 }),
      expected: inProgress('2 of 3 ready'),
    },
    {
      name: 'scaling down',
      object: statefulSet({ replicas: 2, updateStrategy: rolling }, { ...settled(3) }),
      expected: inProgress('scaling down: 1 replica pending termination'),
    },
    {
      name: 'rolling out: too few updated',
      object: statefulSet({ replicas: 3, updateStrategy: rolling }, { ...settled(3), updatedReplicas: 1, updateRevision: 'db-7f1' }),
      expected: inProgress('rolling out: 1 of 3 replicas updated'),
    },
    {
      name: 'rolling out: too few at the current revision',
      object: statefulSet({ replicas: 3, updateStrategy: rolling }, { ...settled(3), currentReplicas: 2 }),
      expected: inProgress('rolling out: 2 of 3 replicas at the current revision'),
    },
    {
      name: 'rolling out: revisions differ',
      object: statefulSet({ replicas: 3, updateStrategy: rolling }, { ...settled(3), updateRevision: 'db-7f1' }),
      expected: inProgress('rolling out: current revision db-6b8 is not update revision db-7f1'),
    },
    {
      name: 'partitioned rollout still updating',
      object: statefulSet({ replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }, { ...settled(3), updatedReplicas: 1, updateRevision: 'db-7f1' }),
      expected: inProgress('partitioned rollout: 1 of 2 updated (partition 1)'),
    },
    {
      name: 'partitioned rollout complete (old revision below the partition is expected)',
      object: statefulSet({ replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }, { ...settled(3), currentReplicas: 1, updatedReplicas: 2, updateRevision: 'db-7f1' }),
      expected: ready('partitioned rollout complete: 2 of 3 replicas updated, partition 1'),
    },
    {
      name: 'ready',
      object: statefulSet({ replicas: 3, updateStrategy: rolling }, settled(3)),
      expected: ready('3 of 3 replicas ready and updated'),
    },
    {
      name: 'spec.replicas defaults to 1',
      object: statefulSet({}, settled(1)),
      expected: ready('1 of 1 replica ready and updated'),
    },
    {
      name: 'zero replicas: revisions are not compared',
      object: statefulSet({ replicas: 0 }, { observedGeneration: 2, currentRevision: 'db-6b8', updateRevision: 'db-7f1' }),
      expected: ready('0 of 0 replicas ready and updated'),
    },
  ]);
});

describe('Job', () => {
  const job = (spec: unknown, status?: unknown) => objectOf('batch/v1', 'Job', spec, status, { generation: 1 });
  const template = { template: { spec: { containers: [{ name: 'migrate', image: 'migrate:1' }], restartPolicy: 'Never' } } };

  runTable([
    { name: 'no status yet', object: job(template), expected: inProgress('no status yet') },
    { name: 'started is not ready (unlike stock kstatus)', object: job(template, { startTime: '2026-09-01T10:00:00Z', active: 1 }), expected: inProgress('running: 1 active, 0 succeeded') },
    {
      name: 'running with failed pods retrying',
      object: job(template, { startTime: '2026-09-01T10:00:00Z', active: 1, failed: 2 }),
      expected: inProgress('running: 1 active, 0 succeeded, 2 failed'),
    },
    {
      name: 'complete',
      object: job(template, { succeeded: 1, conditions: [condition('SuccessCriteriaMet', 'True', 'CompletionsReached'), condition('Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods')] }),
      expected: ready('Complete=True: CompletionsReached (1 succeeded)'),
    },
    {
      name: 'failed, with its reason and message',
      object: job(template, { failed: 7, conditions: [condition('Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')] }),
      expected: failed('Failed=True: BackoffLimitExceeded (Job has reached the specified backoff limit)'),
    },
    {
      name: 'FailureTarget fails fast while the last pods terminate',
      object: job(template, { active: 1, failed: 7, conditions: [condition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')] }),
      expected: failed('FailureTarget=True: BackoffLimitExceeded (Job has reached the specified backoff limit)'),
    },
    {
      name: 'suspended',
      object: job({ ...template, suspend: true }, { conditions: [condition('Suspended', 'True', 'JobSuspended', 'Job suspended')] }),
      expected: ready('suspended (spec.suspend)'),
    },
  ]);
});

describe('PersistentVolumeClaim', () => {
  const claim = (status?: unknown) => objectOf('v1', 'PersistentVolumeClaim', { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: status ? 'pvc-0f3a' : undefined }, status);
  const waitForFirstConsumer: ReadinessContext = { pvcWaitForFirstConsumer: true };

  runTable([
    { name: 'no status yet', object: claim(), expected: inProgress('no status yet') },
    { name: 'no status yet, even on a WaitForFirstConsumer class', object: claim(), context: waitForFirstConsumer, expected: inProgress('no status yet') },
    { name: 'Pending', object: claim({ phase: 'Pending' }), expected: inProgress('Pending: waiting to be bound to a volume') },
    {
      name: 'Pending on a WaitForFirstConsumer class is ready',
      object: claim({ phase: 'Pending' }),
      context: waitForFirstConsumer,
      expected: ready('Pending until its first consumer is scheduled (WaitForFirstConsumer)'),
    },
    { name: 'Bound', object: claim({ phase: 'Bound', accessModes: ['ReadWriteOnce'] }), expected: ready('Bound to pvc-0f3a') },
    { name: 'Lost fails', object: claim({ phase: 'Lost' }), expected: failed('Lost: the bound PersistentVolume no longer exists') },
    { name: 'Lost fails on a WaitForFirstConsumer class too', object: claim({ phase: 'Lost' }), context: waitForFirstConsumer, expected: failed('Lost: the bound PersistentVolume no longer exists') },
    { name: 'a status without a phase', object: claim({ capacity: {} }), expected: inProgress('phase (none): waiting for Bound') },
  ]);
});

describe('Namespace', () => {
  const namespace = (status?: unknown, metadata?: Partial<Metadata>) => objectOf('v1', 'Namespace', {}, status, { generation: undefined, ...metadata });

  runTable([
    { name: 'no status yet', object: namespace(), expected: inProgress('no status yet') },
    { name: 'Active', object: namespace({ phase: 'Active' }), expected: ready('Active') },
    { name: 'Terminating', object: namespace({ phase: 'Terminating' }), expected: inProgress('Terminating') },
    { name: 'being deleted', object: namespace({ phase: 'Terminating' }, { deletionTimestamp: '2026-09-01T10:00:00Z' }), expected: inProgress('terminating') },
  ]);
});

describe('CustomResourceDefinition', () => {
  const crd = (status?: unknown) => objectOf('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { group: 'saas.example.com' }, status, { generation: 1 });
  const namesAccepted = condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found');

  runTable([
    { name: 'no status yet', object: crd(), expected: inProgress('no status yet') },
    { name: 'no conditions yet', object: crd({ acceptedNames: { kind: '', plural: '' } }), expected: inProgress('waiting for the Established condition') },
    {
      name: 'installing',
      object: crd({ conditions: [namesAccepted, condition('Established', 'False', 'Installing', 'the initial names have been accepted')] }),
      expected: inProgress('Established=False: Installing (the initial names have been accepted)'),
    },
    {
      name: 'Established',
      object: crd({ conditions: [namesAccepted, condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted')] }),
      expected: ready('Established=True: InitialNamesAccepted (the initial names have been accepted)'),
    },
    {
      name: 'names refused fail',
      object: crd({ conditions: [condition('NamesAccepted', 'False', 'MultipleNamesConflict', '"tenants" is already in use'), condition('Established', 'False', 'NotAccepted', 'not all names are accepted')] }),
      expected: failed('NamesAccepted=False: MultipleNamesConflict ("tenants" is already in use)'),
    },
    {
      name: 'Established=False for another reason than Installing fails',
      object: crd({ conditions: [namesAccepted, condition('Established', 'False', 'NotAccepted', 'not all names are accepted')] }),
      expected: failed('Established=False: NotAccepted (not all names are accepted)'),
    },
  ]);
});

describe('CNPG Cluster', () => {
  const appliedAt = '2026-09-01T10:00:00Z';
  const before = '2026-09-01T09:59:59Z';
  const after = '2026-09-01T10:00:42Z';
  const statusWrite = (time: string) => ({ manager: 'manager', operation: 'Update', apiVersion: 'postgresql.cnpg.io/v1', subresource: 'status', time, fieldsV1: {} });
  const ourApply = (time: string) => ({ manager: 'saas-charts', operation: 'Apply', apiVersion: 'postgresql.cnpg.io/v1', time, fieldsV1: {} });
  const healthy = (readyInstances = 3, lastTransitionTime = before) => ({
    instances: 3,
    readyInstances,
    phase: 'Cluster in healthy state',
    conditions: [condition('Ready', 'True', 'ClusterIsReady', 'Cluster is Ready', { lastTransitionTime })],
  });
  const cluster = (status: unknown, managedFields: unknown[] = [], spec: unknown = { instances: 3, storage: { size: '1Gi' } }) =>
    objectOf('postgresql.cnpg.io/v1', 'Cluster', spec, status, { generation: 4, managedFields: managedFields as Metadata['managedFields'] });

  runTable([
    { name: 'no status yet', object: cluster(undefined, [ourApply(appliedAt)]), context: { appliedAt }, expected: inProgress('no status yet') },
    { name: 'no status yet, without an apply time', object: cluster(undefined), expected: inProgress('no status yet') },
    {
      name: 'ready: Ready=True, every instance ready, status written after the apply',
      object: cluster(healthy(), [ourApply(appliedAt), statusWrite(after)]),
      context: { appliedAt },
      expected: ready('Ready=True: ClusterIsReady (3 of 3 instances ready); phase "Cluster in healthy state"'),
    },
    {
      name: 'a status write in the same second as the apply counts (>=)',
      object: cluster(healthy(), [ourApply(appliedAt), statusWrite(appliedAt)]),
      context: { appliedAt },
      expected: ready('Ready=True: ClusterIsReady (3 of 3 instances ready); phase "Cluster in healthy state"'),
    },
    {
      name: 'a Ready condition that turned True after the apply is proof too',
      object: cluster(healthy(3, after), [ourApply(appliedAt)]),
      context: { appliedAt },
      expected: ready('Ready=True: ClusterIsReady (3 of 3 instances ready); phase "Cluster in healthy state"'),
    },
    {
      name: 'a healthy status from before the apply is not proof',
      object: cluster(healthy(), [ourApply(appliedAt), statusWrite(before)]),
      context: { appliedAt },
      expected: inProgress(`cannot prove the status is newer than the apply at ${appliedAt}: no status write or condition change since then; phase "Cluster in healthy state"`),
    },
    {
      name: 'our own apply entry (not the status subresource) is not proof',
      object: cluster(healthy(), [ourApply(after)]),
      context: { appliedAt },
      expected: inProgress(`cannot prove the status is newer than the apply at ${appliedAt}: no status write or condition change since then; phase "Cluster in healthy state"`),
    },
    {
      name: 'an apply time that is not a time',
      object: cluster(healthy(), [statusWrite(after)]),
      context: { appliedAt: 'yesterday' },
      expected: inProgress('cannot prove the status is newer than the apply: appliedAt "yesterday" is not a time'),
    },
    {
      name: 'without an apply time the age is not checked',
      object: cluster(healthy(), [statusWrite(before)]),
      expected: ready('Ready=True: ClusterIsReady (3 of 3 instances ready); phase "Cluster in healthy state"'),
    },
    {
      name: 'Ready=True but not every instance ready (scaled up)',
      object: cluster(healthy(2), [statusWrite(after)]),
      context: { appliedAt },
      expected: inProgress('Ready=True but 2 of 3 instances ready; phase "Cluster in healthy state"'),
    },
    {
      name: 'Ready=False surfaces the phase and its reason',
      object: cluster(
        {
          instances: 3,
          readyInstances: 1,
          phase: 'Waiting for the instances to become active',
          phaseReason: 'Some instances are not yet active. Please wait.',
          conditions: [condition('Ready', 'False', 'ClusterIsNotReady', 'Cluster Is Not Ready', { lastTransitionTime: after })],
        },
        [statusWrite(after)],
      ),
      context: { appliedAt },
      expected: inProgress('Ready=False: ClusterIsNotReady (1 of 3 instances ready); phase "Waiting for the instances to become active": Some instances are not yet active. Please wait.'),
    },
    {
      name: 'no Ready condition yet',
      object: cluster({ instances: 3, phase: 'Setting up primary', phaseReason: 'Creating primary instance cluster-1' }, [statusWrite(after)]),
      context: { appliedAt },
      expected: inProgress('waiting for the Ready condition (0 of 3 instances ready); phase "Setting up primary": Creating primary instance cluster-1'),
    },
    {
      name: 'spec.instances defaults to 1',
      object: cluster({ ...healthy(1), instances: 1 }, [statusWrite(after)], { storage: { size: '1Gi' } }),
      context: { appliedAt },
      expected: ready('Ready=True: ClusterIsReady (1 of 1 instance ready); phase "Cluster in healthy state"'),
    },
  ]);
});

describe('cert-manager Certificate', () => {
  const certificate = (status?: unknown) => objectOf('cert-manager.io/v1', 'Certificate', { secretName: 'api-tls', dnsNames: ['api.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } }, status, { generation: 3 });
  const readyNow = condition('Ready', 'True', 'Ready', 'Certificate is up to date and has not expired', { observedGeneration: 3 });

  runTable([
    { name: 'no status yet', object: certificate(), expected: inProgress('no status yet') },
    { name: 'ready for this generation', object: certificate({ conditions: [readyNow], notAfter: '2026-12-01T00:00:00Z' }), expected: ready('Ready=True: Ready (Certificate is up to date and has not expired)') },
    {
      name: 'Ready=True for the previous generation is stale',
      object: certificate({ conditions: [{ ...readyNow, observedGeneration: 2 }] }),
      expected: inProgress('Ready=True is stale: observedGeneration 2 is older than generation 3'),
    },
    {
      name: 'Ready=True without observedGeneration cannot be trusted',
      object: certificate({ conditions: [condition('Ready', 'True', 'Ready', 'Certificate is up to date and has not expired')] }),
      expected: inProgress('Ready=True carries no observedGeneration; cannot tell whether it describes generation 3'),
    },
    {
      name: 'renewing a valid certificate is still ready',
      object: certificate({ conditions: [readyNow, condition('Issuing', 'True', 'Renewing', 'Renewing certificate as renewal was scheduled', { observedGeneration: 3 })] }),
      expected: ready('Ready=True: Ready (Certificate is up to date and has not expired); renewal in progress'),
    },
    {
      name: 'issuing',
      object: certificate({
        conditions: [
          condition('Ready', 'False', 'DoesNotExist', 'Issuing certificate as Secret does not exist', { observedGeneration: 3 }),
          condition('Issuing', 'True', 'DoesNotExist', 'Issuing certificate as Secret does not exist', { observedGeneration: 3 }),
        ],
      }),
      expected: inProgress('Issuing=True: DoesNotExist (Issuing certificate as Secret does not exist)'),
    },
    {
      name: 'a failed issuance is retried by cert-manager: in progress, with the failure',
      object: certificate({
        failedIssuanceAttempts: 3,
        lastFailureTime: '2026-09-01T10:00:00Z',
        conditions: [
          condition('Ready', 'False', 'DoesNotExist', 'Issuing certificate as Secret does not exist', { observedGeneration: 3 }),
          condition('Issuing', 'False', 'Failed', 'The certificate request has failed to complete and will be retried: ACME order failed', { observedGeneration: 3 }),
        ],
      }),
      expected: inProgress(
        'Ready=False: DoesNotExist (Issuing certificate as Secret does not exist); last issuance failed: Issuing=False: Failed (The certificate request has failed to complete and will be retried: ACME order failed) after 3 failed attempts; cert-manager retries with backoff',
      ),
    },
    { name: 'Ready=False', object: certificate({ conditions: [condition('Ready', 'False', 'Expired', 'Certificate expired on Mon, 01 Sep 2026', { observedGeneration: 3 })] }), expected: inProgress('Ready=False: Expired (Certificate expired on Mon, 01 Sep 2026)') },
    { name: 'no Ready condition yet', object: certificate({ notAfter: '2026-12-01T00:00:00Z' }), expected: inProgress('waiting for the Ready condition') },
  ]);
});

describe('kinds without a rule, and the generic checks', () => {
  runTable([
    { name: 'ConfigMap', object: objectOf('v1', 'ConfigMap', undefined, undefined, { generation: undefined }), expected: ready('no readiness rule for ConfigMap') },
    { name: 'CronJob', object: objectOf('batch/v1', 'CronJob', { schedule: '0 3 * * *' }), expected: ready('no readiness rule for CronJob') },
    { name: 'ClusterIP Service', object: objectOf('v1', 'Service', { type: 'ClusterIP', ports: [{ port: 80 }] }, {}), expected: ready('no readiness rule for Service') },
    {
      name: 'LoadBalancer Service (we never create one)',
      object: objectOf('v1', 'Service', { type: 'LoadBalancer', ports: [{ port: 80 }] }, { loadBalancer: {} }),
      expected: ready('no readiness rule for Service (its load balancer address is not waited for)'),
    },
    { name: 'Ingress', object: objectOf('networking.k8s.io/v1', 'Ingress', { rules: [] }), expected: ready('no readiness rule for Ingress') },
    {
      name: 'a Cluster of another group is not a CNPG Cluster',
      object: objectOf('cluster.x-k8s.io/v1beta1', 'Cluster', {}),
      expected: ready('no readiness rule for Cluster'),
    },
    {
      name: 'terminating',
      object: objectOf('v1', 'ConfigMap', undefined, undefined, { deletionTimestamp: '2026-09-01T10:00:00Z' }),
      expected: inProgress('terminating'),
    },
    {
      name: 'Stalled=True fails',
      object: objectOf('helm.toolkit.fluxcd.io/v2', 'HelmRelease', {}, { observedGeneration: 2, conditions: [condition('Stalled', 'True', 'InstallFailed', 'install retries exhausted')] }),
      expected: failed('Stalled=True: InstallFailed (install retries exhausted)'),
    },
    {
      name: 'Reconciling=True is in progress',
      object: objectOf('helm.toolkit.fluxcd.io/v2', 'HelmRelease', {}, { observedGeneration: 2, conditions: [condition('Reconciling', 'True', 'Progressing', 'Running install')] }),
      expected: inProgress('Reconciling=True: Progressing (Running install)'),
    },
    {
      name: 'stale status',
      object: objectOf('helm.toolkit.fluxcd.io/v2', 'HelmRelease', {}, { observedGeneration: 1 }),
      expected: inProgress('status is stale: observedGeneration 1 is older than generation 2'),
    },
    {
      name: 'Stalled applies to kinds with a rule too',
      object: objectOf('cert-manager.io/v1', 'Certificate', {}, { conditions: [condition('Stalled', 'True', 'Invalid', 'bad issuerRef'), condition('Ready', 'True', 'Ready', 'ok', { observedGeneration: 2 })] }),
      expected: failed('Stalled=True: Invalid (bad issuerRef)'),
    },
  ]);
});

const RULE_KINDS: readonly (readonly [string, string])[] = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['batch/v1', 'Job'],
  ['v1', 'PersistentVolumeClaim'],
  ['v1', 'Namespace'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ['postgresql.cnpg.io/v1', 'Cluster'],
  ['cert-manager.io/v1', 'Certificate'],
];

describe('hasReadinessRule', () => {
  it.each(RULE_KINDS)('%s %s has a rule', (apiVersion, kind) => {
    expect(hasReadinessRule(apiVersion, kind)).toBe(true);
  });

  it.each([
    ['v1', 'ConfigMap'],
    ['v1', 'Service'],
    ['batch/v1', 'CronJob'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['apps/v1', 'Job'],
    ['v1', 'Deployment'],
    ['cluster.x-k8s.io/v1beta1', 'Cluster'],
  ])('%s %s has none', (apiVersion, kind) => {
    expect(hasReadinessRule(apiVersion, kind)).toBe(false);
  });
});

describe('never ready without a status', () => {
  const contexts: readonly ReadinessContext[] = [{}, { appliedAt: '2026-09-01T10:00:00Z' }, { pvcWaitForFirstConsumer: true }];

  it.each(RULE_KINDS)('%s %s: absent, empty or null status is "no status yet"', (apiVersion, kind) => {
    for (const status of [undefined, {}, null]) {
      for (const context of contexts) {
        expect(readinessOf({ apiVersion, kind, metadata: { name: 'x', generation: 1 }, spec: { replicas: 0, suspend: true, updateStrategy: { type: 'OnDelete' } }, status }, context)).toEqual(inProgress('no status yet'));
      }
    }
  });

  it('holds for any spec, metadata and context', () => {
    const kinds = fc.constantFrom(...RULE_KINDS);
    const json = fc.dictionary(fc.string(), fc.jsonValue());
    const context = fc.record({ appliedAt: fc.option(fc.string(), { nil: undefined }), pvcWaitForFirstConsumer: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(kinds, json, json, fc.constantFrom(undefined, {}, null), context, ([apiVersion, kind], metadata, spec, status, readinessContext) => {
        expect(readinessOf({ apiVersion, kind, metadata, spec, status }, readinessContext).state).not.toBe('ready');
      }),
    );
  });
});

describe('robustness', () => {
  it('never throws on arbitrary JSON in metadata, spec and status', () => {
    const kinds = fc.constantFrom<readonly [string, string]>(...RULE_KINDS, ['v1', 'ConfigMap']);
    fc.assert(
      fc.property(kinds, fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), ([apiVersion, kind], metadata, spec, status) => {
        const result = readinessOf({ apiVersion, kind, metadata: metadata as ReadinessObject['metadata'], spec, status }, { appliedAt: '2026-09-01T10:00:00Z' });
        expect(['ready', 'in-progress', 'failed']).toContain(result.state);
        expect(result.message).not.toBe('');
      }),
    );
  });
});
