/**
 * A stateless HTTP workload: Deployment + Service, optional HPA (then no
 * `spec.replicas`, so GitOps syncs never fight the autoscaler) and a PDB when
 * more than one replica runs. Names and selectors are explicit; every
 * security, resource and probe setting is set here, none inherited.
 */
import { Construct } from 'constructs';
import { k8s } from './k8s.js';
import { recommendedLabels, selectorLabels, type AppIdentity } from './labels.js';
import { assertDnsLabel } from './names.js';
import { podTemplate, type ContainerSpec, type MountedVolume, type ProbeSet, type RunAs } from './pod-template.js';
import { httpProbeSet, type HttpHealthChecks } from './probes.js';
import type { ContainerResources } from './resources.js';

export interface AutoscalingSettings {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Target average CPU utilisation in percent of requests. @default 70 */
  readonly cpuUtilization?: number;
  /** Target average memory utilisation in percent of requests. @default - no memory metric */
  readonly memoryUtilization?: number;
}

export interface WebServiceProps {
  /** Name of the Deployment and the Service. */
  readonly name: string;
  readonly identity: AppIdentity;
  readonly image: string;
  readonly args?: readonly string[];
  /** Container port, named `http`. */
  readonly port: number;
  /** Service port. @default - same as `port` */
  readonly servicePort?: number;
  readonly resources: ContainerResources;
  /** HTTP health endpoints; or give `probes` for anything else. */
  readonly health?: HttpHealthChecks;
  /** Probes, when `health` paths do not fit (headers, exec, long start-up). */
  readonly probes?: ProbeSet;
  /** Fixed replica count (0 pauses); not allowed together with `autoscaling`. @default 1 */
  readonly replicas?: number;
  /** @default - no HorizontalPodAutoscaler */
  readonly autoscaling?: AutoscalingSettings;
  readonly env?: readonly k8s.EnvVar[];
  /** @default - uid/gid 10001 (Pod Security restricted) */
  readonly runAs?: RunAs;
  /** Writable directories (emptyDir) on an otherwise read-only root file system. @default ['/tmp'] */
  readonly writablePaths?: readonly string[];
  /** Further volumes (claims, secrets, config maps). @default - none */
  readonly mounts?: readonly MountedVolume[];
  /** Run to completion before the app starts. @default - none */
  readonly initContainers?: readonly ContainerSpec[];
  /** `Recreate` for a single replica on a ReadWriteOnce volume. @default 'RollingUpdate' */
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  /** @default - the namespace's default ServiceAccount, without a token */
  readonly serviceAccountName?: string;
  /** Mount an API token: only for workloads that call the Kubernetes API. @default false */
  readonly automountServiceAccountToken?: boolean;
  /** @default - a PodDisruptionBudget (maxUnavailable 1) whenever more than one replica runs */
  readonly podDisruptionBudget?: boolean;
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

export class WebService extends Construct {
  readonly name: string;
  readonly port: number;
  readonly servicePort: number;
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;
  readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  readonly disruptionBudget?: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    validate(props);
    this.name = props.name;
    this.port = props.port;
    this.servicePort = props.servicePort ?? props.port;
    const labels = recommendedLabels(props.identity);
    const selector = selectorLabels(props.identity);
    const minReplicas = props.autoscaling?.minReplicas ?? props.replicas ?? 1;
    const writable: MountedVolume[] = (props.writablePaths ?? ['/tmp']).map((path, index) => ({ name: volumeName(path, index), mountPath: path, source: { emptyDir: true } }));

    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: props.name, labels },
      spec: {
        replicas: props.autoscaling ? undefined : (props.replicas ?? 1),
        revisionHistoryLimit: 5,
        progressDeadlineSeconds: 600,
        selector: { matchLabels: selector },
        strategy: props.strategy === 'Recreate'
          ? { type: 'Recreate' }
          : { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        template: podTemplate({
          labels,
          annotations: props.podAnnotations,
          runAs: props.runAs ?? { user: 10001 },
          serviceAccountName: props.serviceAccountName,
          automountServiceAccountToken: props.automountServiceAccountToken,
          topologySpreadConstraints: minReplicas > 1 || props.autoscaling
            ? [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }]
            : undefined,
          initContainers: props.initContainers,
          containers: [{
            name: props.identity.component,
            image: props.image,
            args: props.args,
            ports: [{ name: 'http', port: props.port }],
            env: props.env,
            resources: props.resources,
            probes: props.probes ?? httpProbeSet(props.health!),
            mounts: [...writable, ...(props.mounts ?? [])],
          }],
        }),
      },
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: props.name, labels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'http', port: this.servicePort, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });

    if (props.autoscaling) this.autoscaler = this.addAutoscaler(props.name, labels, props.autoscaling);

    const maxReplicas = props.autoscaling?.maxReplicas ?? props.replicas ?? 1;
    if (props.podDisruptionBudget ?? maxReplicas > 1) {
      this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: { name: props.name, labels },
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
      });
    }
  }

  /** In-cluster URL of the Service, e.g. `http://api:15567`. */
  get url(): string {
    return `http://${this.name}:${this.servicePort}`;
  }

  private addAutoscaler(name: string, labels: Record<string, string>, scaling: AutoscalingSettings): k8s.KubeHorizontalPodAutoscalerV2 {
    const metrics: k8s.MetricSpecV2[] = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: scaling.cpuUtilization ?? 70 } } },
    ];
    if (scaling.memoryUtilization !== undefined) {
      metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: scaling.memoryUtilization } } });
    }
    return new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
      metadata: { name, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: scaling.minReplicas,
        maxReplicas: scaling.maxReplicas,
        metrics,
      },
    });
  }
}

function validate(props: WebServiceProps): void {
  assertDnsLabel(props.name, 'web service name');
  if (props.autoscaling && props.replicas !== undefined) {
    throw new Error(`web service "${props.name}": replicas (${props.replicas}) and autoscaling cannot both be set; the HorizontalPodAutoscaler owns the replica count`);
  }
  if (props.autoscaling && props.autoscaling.minReplicas > props.autoscaling.maxReplicas) {
    throw new Error(`web service "${props.name}": autoscaling minReplicas (${props.autoscaling.minReplicas}) is greater than maxReplicas (${props.autoscaling.maxReplicas})`);
  }
  if ((props.health === undefined) === (props.probes === undefined)) {
    throw new Error(`web service "${props.name}": give either health (HTTP paths) or probes, exactly one`);
  }
  if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
    throw new Error(`web service "${props.name}": replicas ${props.replicas} must be a whole number, 0 or more`);
  }
  if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) {
    throw new Error(`web service "${props.name}": port ${props.port} is not a TCP port (1-65535)`);
  }
  if (props.image.endsWith(':latest') || !/[:@]/.test(props.image.slice(props.image.lastIndexOf('/') + 1))) {
    throw new Error(`web service "${props.name}": image "${props.image}" is not pinned to a version`);
  }
}

function volumeName(path: string, index: number): string {
  const base = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  return (base || `writable-${index}`).slice(0, 63);
}
