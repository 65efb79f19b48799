/**
 * Pod templates with every setting explicit: security context per Pod
 * Security level, resources, probes, mounts. Shared by every workload
 * construct so they cannot drift apart.
 */
import { k8s } from './k8s.js';
import { toKubeResources, type ContainerResources } from './resources.js';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, type PodIdentity } from './security.js';

/** Where a mounted volume comes from. */
export type VolumeSource =
  | { readonly claimName: string }
  | { readonly emptyDir: true }
  | { readonly secretName: string; readonly items?: readonly { key: string; path: string }[] }
  | { readonly configMapName: string };

export interface MountedVolume {
  /** Volume name; the same name mounted twice shares one volume. */
  readonly name: string;
  readonly mountPath: string;
  readonly subPath?: string;
  /** @default false (secrets and config maps are always read-only) */
  readonly readOnly?: boolean;
  /** @default - a volume claim template or volume declared elsewhere with this name */
  readonly source?: VolumeSource;
}

export interface ContainerPortSpec {
  readonly name: string;
  readonly port: number;
}

export interface ProbeSet {
  readonly readiness: k8s.Probe;
  readonly liveness: k8s.Probe;
  /** @default - none */
  readonly startup?: k8s.Probe;
}

/**
 * Who the container runs as. A numeric user passes Pod Security `restricted`;
 * `root` is for images that need it (their namespace must be `baseline`).
 */
export type RunAs = PodIdentity | 'root';

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports?: readonly ContainerPortSpec[];
  readonly env?: readonly k8s.EnvVar[];
  readonly resources: ContainerResources;
  /** Required for long-running containers; omit for Jobs and init containers. */
  readonly probes?: ProbeSet;
  readonly mounts?: readonly MountedVolume[];
  /** @default true, unless the pod runs as root */
  readonly readOnlyRootFilesystem?: boolean;
  readonly lifecycle?: k8s.Lifecycle;
}

export interface PodTemplateProps {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly containers: readonly ContainerSpec[];
  readonly initContainers?: readonly ContainerSpec[];
  readonly runAs: RunAs;
  /** @default - the namespace's default ServiceAccount */
  readonly serviceAccountName?: string;
  /** @default false */
  readonly automountServiceAccountToken?: boolean;
  /** @default - the Kubernetes default (Always) */
  readonly restartPolicy?: 'Always' | 'Never' | 'OnFailure';
  /** @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  readonly topologySpreadConstraints?: readonly k8s.TopologySpreadConstraint[];
}

export function podTemplate(props: PodTemplateProps): k8s.PodTemplateSpec {
  const root = props.runAs === 'root';
  const mounts = [...(props.initContainers ?? []), ...props.containers].flatMap((c) => c.mounts ?? []);
  const volumes = new Map<string, k8s.Volume>();
  for (const mount of mounts) if (mount.source && !volumes.has(mount.name)) volumes.set(mount.name, toVolume(mount.name, mount.source));
  return {
    metadata: { labels: { ...props.labels }, annotations: props.annotations ? { ...props.annotations } : undefined },
    spec: {
      serviceAccountName: props.serviceAccountName,
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      enableServiceLinks: false,
      restartPolicy: props.restartPolicy,
      securityContext: props.runAs === 'root' ? { seccompProfile: { type: 'RuntimeDefault' } } : restrictedPodSecurityContext(props.runAs),
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 30,
      topologySpreadConstraints: props.topologySpreadConstraints ? [...props.topologySpreadConstraints] : undefined,
      initContainers: props.initContainers?.map((c) => toContainer(c, root)),
      containers: props.containers.map((c) => toContainer(c, root)),
      volumes: volumes.size > 0 ? [...volumes.values()] : undefined,
    },
  };
}

function toContainer(spec: ContainerSpec, root: boolean): k8s.Container {
  return {
    name: spec.name,
    image: spec.image,
    imagePullPolicy: 'IfNotPresent',
    command: spec.command ? [...spec.command] : undefined,
    args: spec.args ? [...spec.args] : undefined,
    ports: spec.ports?.map((port) => ({ name: port.name, containerPort: port.port, protocol: 'TCP' })),
    env: spec.env ? [...spec.env] : undefined,
    resources: toKubeResources(spec.resources, `container ${spec.name}`),
    startupProbe: spec.probes?.startup,
    livenessProbe: spec.probes?.liveness,
    readinessProbe: spec.probes?.readiness,
    lifecycle: spec.lifecycle,
    securityContext: root
      // Root images keep the runtime's default capabilities (chown, setuid to drop to www-data) but never escalate.
      ? { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: spec.readOnlyRootFilesystem ?? false, seccompProfile: { type: 'RuntimeDefault' } }
      : restrictedContainerSecurityContext({ readOnlyRootFilesystem: spec.readOnlyRootFilesystem ?? true }),
    volumeMounts: spec.mounts?.map((m) => ({ name: m.name, mountPath: m.mountPath, subPath: m.subPath, readOnly: m.readOnly || isReadOnlySource(m.source) || undefined })),
  };
}

function isReadOnlySource(source: VolumeSource | undefined): boolean {
  return source !== undefined && ('secretName' in source || 'configMapName' in source);
}

function toVolume(name: string, source: VolumeSource): k8s.Volume {
  if ('claimName' in source) return { name, persistentVolumeClaim: { claimName: source.claimName } };
  if ('secretName' in source) return { name, secret: { secretName: source.secretName, items: source.items?.map((i) => ({ ...i })), defaultMode: 0o440 } };
  if ('configMapName' in source) return { name, configMap: { name: source.configMapName } };
  return { name, emptyDir: {} };
}

/** An HTTP GET probe on a named port. */
export function httpGetProbe(path: string, port: string, options: { periodSeconds?: number; timeoutSeconds?: number; failureThreshold?: number; host?: string } = {}): k8s.Probe {
  return {
    httpGet: { path, port: k8s.IntOrString.fromString(port), scheme: 'HTTP', httpHeaders: options.host ? [{ name: 'Host', value: options.host }] : undefined },
    periodSeconds: options.periodSeconds ?? 10,
    timeoutSeconds: options.timeoutSeconds ?? 3,
    failureThreshold: options.failureThreshold ?? 3,
  };
}

/** A TCP connect probe on a named port. */
export function tcpProbe(port: string, options: { periodSeconds?: number; failureThreshold?: number } = {}): k8s.Probe {
  return { tcpSocket: { port: k8s.IntOrString.fromString(port) }, periodSeconds: options.periodSeconds ?? 10, timeoutSeconds: 3, failureThreshold: options.failureThreshold ?? 3 };
}

/** A command probe (for images whose health is a CLI, e.g. `nodetool`, `healthcheck.sh`). */
export function execProbe(command: readonly string[], options: { periodSeconds?: number; timeoutSeconds?: number; failureThreshold?: number; initialDelaySeconds?: number } = {}): k8s.Probe {
  return {
    exec: { command: [...command] },
    initialDelaySeconds: options.initialDelaySeconds,
    periodSeconds: options.periodSeconds ?? 15,
    timeoutSeconds: options.timeoutSeconds ?? 10,
    failureThreshold: options.failureThreshold ?? 3,
  };
}

/** Startup budget: a probe that tolerates `seconds` of start-up before liveness applies. */
export function startupBudget(probe: k8s.Probe, seconds: number): k8s.Probe {
  const period = 5;
  return { ...probe, periodSeconds: period, failureThreshold: Math.ceil(seconds / period) };
}
