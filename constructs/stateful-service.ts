/**
 * A single stateful process with its data volume and a Service: a
 * StatefulSet with a claim template (PVC `{claim}-{name}-0`), or a Deployment
 * with `Recreate` and a named PVC when existing data lives in a claim of that
 * name. Claims carry GitOps "keep" annotations: removing the workload from Git
 * never deletes its data.
 */
import { Construct } from 'constructs';
import { k8s } from './k8s.js';
import { recommendedLabels, selectorLabels, type AppIdentity } from './labels.js';
import { assertDnsLabel, isDnsLabel } from './names.js';
import { KEEP_ANNOTATIONS, PersistentClaim, claimSpec } from './persistent-claim.js';
import { podTemplate, type ContainerSpec, type MountedVolume, type RunAs } from './pod-template.js';
import { isQuantity } from './quantity.js';

export interface DataClaim {
  /** Claim template name (StatefulSet) or PVC name (Deployment). */
  readonly name: string;
  readonly size: string;
  readonly mountPath: string;
  readonly subPath?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /** @default ['ReadWriteOnce'] */
  readonly accessModes?: readonly string[];
}

export interface ServicePortSpec {
  readonly name: string;
  readonly port: number;
  /** Container port name. @default - same as name */
  readonly targetPort?: string;
}

export interface StatefulServiceProps {
  readonly name: string;
  readonly identity: AppIdentity;
  /** @default 'StatefulSet' */
  readonly workload?: 'StatefulSet' | 'Deployment';
  /** 0 pauses it; data is kept. @default 1 */
  readonly replicas?: number;
  /** The main container; its ports are named and exposed by the Service. */
  readonly container: ContainerSpec;
  readonly initContainers?: readonly ContainerSpec[];
  readonly runAs: RunAs;
  readonly claims?: readonly DataClaim[];
  /** @default - every container port */
  readonly servicePorts?: readonly ServicePortSpec[];
  /** @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

export class StatefulService extends Construct {
  readonly name: string;
  readonly service: k8s.KubeService;
  readonly workload: k8s.KubeStatefulSet | k8s.KubeDeployment;
  readonly ports: readonly ServicePortSpec[];

  constructor(scope: Construct, id: string, props: StatefulServiceProps) {
    super(scope, id);
    validate(props);
    this.name = props.name;
    const labels = recommendedLabels(props.identity);
    const selector = selectorLabels(props.identity);
    const claims = props.claims ?? [];
    const statefulSet = (props.workload ?? 'StatefulSet') === 'StatefulSet';
    const claimMounts: MountedVolume[] = claims.map((claim) => ({
      name: claim.name, mountPath: claim.mountPath, subPath: claim.subPath, source: statefulSet ? undefined : { claimName: claim.name },
    }));
    const template = podTemplate({
      labels,
      annotations: props.podAnnotations,
      runAs: props.runAs,
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
      initContainers: props.initContainers,
      containers: [{ ...props.container, mounts: [...claimMounts, ...(props.container.mounts ?? [])] }],
    });

    if (statefulSet) {
      this.workload = new k8s.KubeStatefulSet(this, 'Resource', {
        metadata: { name: props.name, labels },
        spec: {
          replicas: props.replicas ?? 1,
          serviceName: props.name,
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'RollingUpdate' },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          selector: { matchLabels: selector },
          template,
          // Claim templates are immutable: only the stable selector labels, never the version.
          volumeClaimTemplates: claims.map((claim) => ({ metadata: { name: claim.name, labels: selector, annotations: { ...KEEP_ANNOTATIONS } }, spec: claimSpec(claim) })),
        },
      });
    } else {
      for (const claim of claims) {
        new PersistentClaim(this, `Claim-${claim.name}`, { ...claim, labels });
      }
      this.workload = new k8s.KubeDeployment(this, 'Resource', {
        metadata: { name: props.name, labels },
        spec: {
          replicas: props.replicas ?? 1,
          revisionHistoryLimit: 3,
          // One writer on a ReadWriteOnce volume: stop the old pod before starting the new one.
          strategy: { type: 'Recreate' },
          selector: { matchLabels: selector },
          template,
        },
      });
    }

    const ports: readonly ServicePortSpec[] = props.servicePorts ?? (props.container.ports ?? []).map((port) => ({ name: port.name, port: port.port }));
    this.ports = ports;
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: props.name, labels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: ports.map((port) => ({ name: port.name, port: port.port, targetPort: k8s.IntOrString.fromString(port.targetPort ?? port.name), protocol: 'TCP' })),
      },
    });
  }

  /** `{name}:{port}` of a Service port, for clients in the namespace. */
  address(portName: string): string {
    const port = this.ports.find((p) => p.name === portName);
    if (!port) throw new Error(`service "${this.name}" has no port "${portName}"`);
    return `${this.name}:${port.port}`;
  }
}

function validate(props: StatefulServiceProps): void {
  assertDnsLabel(props.name, 'stateful service name');
  if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0 || props.replicas > 1)) {
    throw new Error(`stateful service "${props.name}": replicas ${props.replicas} must be 0 (paused) or 1`);
  }
  if (!props.container.probes) throw new Error(`stateful service "${props.name}": container "${props.container.name}" needs readiness and liveness probes`);
  for (const claim of props.claims ?? []) {
    if (!isDnsLabel(claim.name)) throw new Error(`stateful service "${props.name}": claim name "${claim.name}" is not a DNS label`);
    if (!isQuantity(claim.size)) throw new Error(`stateful service "${props.name}": claim "${claim.name}" size "${claim.size}" is not a Kubernetes quantity`);
  }
}
