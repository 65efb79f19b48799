/**
 * The defaults the API server fills in on every write (the ones readers and diffs notice):
 * replicas, strategies, pod template and container fields, Service cluster IPs, Secret
 * `stringData` folded into `data`, Job selectors. Kinds and fields not listed get none.
 */
import { clone, ensureObject, isObject, stringAt, type Json, type JsonObject } from './json.js';
import type { ResourceType } from './resource-types.js';

export interface DefaultingContext {
  /** The stored object an update starts from. */
  readonly live: JsonObject | undefined;
  readonly allocateClusterIP: () => string;
}

function setIfAbsent(target: JsonObject, key: string, value: Json): void {
  if (target[key] === undefined) target[key] = value;
}

export function applyDefaults(type: ResourceType, input: JsonObject, context: DefaultingContext): JsonObject {
  const object = clone(input);
  if (type.group === '' || type.group === 'apps' || type.group === 'batch' || type.group === 'networking.k8s.io') builtInDefaults(type.kind, object, context);
  if (type.kind === 'CustomResourceDefinition' && type.group === 'apiextensions.k8s.io') setIfAbsent(ensureObject(object, 'spec'), 'conversion', { strategy: 'None' });
  return object;
}

function builtInDefaults(kind: string, object: JsonObject, context: DefaultingContext): void {
  switch (kind) {
    case 'Namespace': {
      const name = stringAt(object, 'metadata', 'name') ?? '';
      ensureObject(object, 'metadata', 'labels')['kubernetes.io/metadata.name'] = name;
      setIfAbsent(ensureObject(object, 'spec'), 'finalizers', ['kubernetes']);
      return;
    }
    case 'Service':
      return serviceDefaults(object, context);
    case 'Secret':
      return secretDefaults(object);
    case 'PersistentVolumeClaim':
      setIfAbsent(ensureObject(object, 'spec'), 'volumeMode', 'Filesystem');
      return;
    case 'Pod':
      return podSpecDefaults(ensureObject(object, 'spec'));
    case 'Deployment':
      return deploymentDefaults(object);
    case 'StatefulSet':
      return statefulSetDefaults(object);
    case 'Job':
      return jobDefaults(object);
    case 'CronJob':
      return cronJobDefaults(object);
    case 'NetworkPolicy':
      return networkPolicyDefaults(object);
  }
}

function serviceDefaults(object: JsonObject, context: DefaultingContext): void {
  const spec = ensureObject(object, 'spec');
  setIfAbsent(spec, 'type', 'ClusterIP');
  setIfAbsent(spec, 'sessionAffinity', 'None');
  if (Array.isArray(spec.ports)) {
    for (const port of spec.ports.filter(isObject)) {
      setIfAbsent(port, 'protocol', 'TCP');
      if (port.port !== undefined) setIfAbsent(port, 'targetPort', port.port);
    }
  }
  if (spec.type === 'ExternalName') return;
  const liveSpec = context.live && isObject(context.live.spec) ? context.live.spec : undefined;
  if (spec.clusterIP === undefined) spec.clusterIP = liveSpec?.clusterIP ?? context.allocateClusterIP();
  if (spec.clusterIP !== 'None') setIfAbsent(spec, 'clusterIPs', liveSpec?.clusterIPs ?? [spec.clusterIP]);
  else setIfAbsent(spec, 'clusterIPs', ['None']);
  setIfAbsent(spec, 'ipFamilies', ['IPv4']);
  setIfAbsent(spec, 'ipFamilyPolicy', 'SingleStack');
  setIfAbsent(spec, 'internalTrafficPolicy', 'Cluster');
}

/** `stringData` is write-only: its values land base64-encoded in `data`, overriding keys there. */
function secretDefaults(object: JsonObject): void {
  setIfAbsent(object, 'type', 'Opaque');
  if (!isObject(object.stringData)) return;
  const data = ensureObject(object, 'data');
  for (const [key, value] of Object.entries(object.stringData)) data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  delete object.stringData;
}

function deploymentDefaults(object: JsonObject): void {
  const spec = ensureObject(object, 'spec');
  setIfAbsent(spec, 'replicas', 1);
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  setIfAbsent(spec, 'progressDeadlineSeconds', 600);
  const strategy = ensureObject(spec, 'strategy');
  setIfAbsent(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensureObject(strategy, 'rollingUpdate');
    setIfAbsent(rolling, 'maxSurge', '25%');
    setIfAbsent(rolling, 'maxUnavailable', '25%');
  }
  podTemplateDefaults(spec);
}

function statefulSetDefaults(object: JsonObject): void {
  const spec = ensureObject(object, 'spec');
  setIfAbsent(spec, 'replicas', 1);
  setIfAbsent(spec, 'podManagementPolicy', 'OrderedReady');
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  const strategy = ensureObject(spec, 'updateStrategy');
  setIfAbsent(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') setIfAbsent(ensureObject(strategy, 'rollingUpdate'), 'partition', 0);
  setIfAbsent(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
  if (Array.isArray(spec.volumeClaimTemplates)) {
    for (const claim of spec.volumeClaimTemplates.filter(isObject)) {
      setIfAbsent(claim, 'apiVersion', 'v1');
      setIfAbsent(claim, 'kind', 'PersistentVolumeClaim');
      setIfAbsent(ensureObject(claim, 'spec'), 'volumeMode', 'Filesystem');
    }
  }
  podTemplateDefaults(spec);
}

/** Job selectors and template labels are generated from the Job's uid unless `manualSelector`. */
function jobDefaults(object: JsonObject): void {
  const spec = ensureObject(object, 'spec');
  setIfAbsent(spec, 'parallelism', 1);
  setIfAbsent(spec, 'completions', 1);
  setIfAbsent(spec, 'backoffLimit', 6);
  setIfAbsent(spec, 'completionMode', 'NonIndexed');
  setIfAbsent(spec, 'suspend', false);
  const uid = stringAt(object, 'metadata', 'uid');
  const name = stringAt(object, 'metadata', 'name') ?? '';
  if (spec.manualSelector !== true && uid !== undefined && spec.selector === undefined) {
    spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    const labels = ensureObject(spec, 'template', 'metadata', 'labels');
    Object.assign(labels, { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name });
  }
  podTemplateDefaults(spec);
}

function cronJobDefaults(object: JsonObject): void {
  const spec = ensureObject(object, 'spec');
  setIfAbsent(spec, 'concurrencyPolicy', 'Allow');
  setIfAbsent(spec, 'suspend', false);
  setIfAbsent(spec, 'successfulJobsHistoryLimit', 3);
  setIfAbsent(spec, 'failedJobsHistoryLimit', 1);
  const jobSpec = ensureObject(spec, 'jobTemplate', 'spec');
  setIfAbsent(jobSpec, 'backoffLimit', 6);
  setIfAbsent(jobSpec, 'completionMode', 'NonIndexed');
  setIfAbsent(jobSpec, 'suspend', false);
  podTemplateDefaults(jobSpec);
}

function networkPolicyDefaults(object: JsonObject): void {
  const spec = ensureObject(object, 'spec');
  if (spec.policyTypes !== undefined) return;
  spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function podTemplateDefaults(workloadSpec: JsonObject): void {
  const template = workloadSpec.template;
  if (!isObject(template)) return;
  podSpecDefaults(ensureObject(template, 'spec'));
}

function podSpecDefaults(spec: JsonObject): void {
  setIfAbsent(spec, 'restartPolicy', 'Always');
  setIfAbsent(spec, 'terminationGracePeriodSeconds', 30);
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'securityContext', {});
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  for (const list of ['initContainers', 'containers']) {
    const containers = spec[list];
    if (Array.isArray(containers)) for (const container of containers.filter(isObject)) containerDefaults(container);
  }
}

function containerDefaults(container: JsonObject): void {
  const image = typeof container.image === 'string' ? container.image : '';
  const tagged = /:[^/:@]+$/.test(image) && !image.endsWith(':latest');
  setIfAbsent(container, 'imagePullPolicy', tagged || image.includes('@') ? 'IfNotPresent' : 'Always');
  setIfAbsent(container, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(container, 'terminationMessagePolicy', 'File');
  setIfAbsent(container, 'resources', {});
  if (Array.isArray(container.ports)) for (const port of container.ports.filter(isObject)) setIfAbsent(port, 'protocol', 'TCP');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const value = container[probe];
    if (!isObject(value)) continue;
    setIfAbsent(value, 'timeoutSeconds', 1);
    setIfAbsent(value, 'periodSeconds', 10);
    setIfAbsent(value, 'successThreshold', 1);
    setIfAbsent(value, 'failureThreshold', 3);
    if (isObject(value.httpGet)) setIfAbsent(value.httpGet, 'scheme', 'HTTP');
  }
}

/** The status a new object starts with (built-in kinds with a status subresource; custom resources get none). */
export function initialStatus(type: ResourceType): JsonObject | undefined {
  if (!type.statusSubresource || type.definedBy !== undefined) return undefined;
  switch (type.kind) {
    case 'Namespace':
      return { phase: 'Active' };
    case 'PersistentVolumeClaim':
      return { phase: 'Pending' };
    case 'Service':
      return { loadBalancer: {} };
    case 'Ingress':
      return { loadBalancer: {} };
    default:
      return {};
  }
}
