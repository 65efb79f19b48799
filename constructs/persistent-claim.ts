/** A PersistentVolumeClaim that GitOps tools and prunes never delete with its manifest. */
import { Construct } from 'constructs';
import { k8s } from './k8s.js';
import { assertDnsLabel } from './names.js';
import { isQuantity } from './quantity.js';

/**
 * Keep an object that holds data (a claim, a database cluster, the namespace
 * around them, whose deletion would take both) when its manifest disappears
 * from Git (Argo CD, Flux) or from a prune; the applier's PROTECTED_KINDS are
 * the same kinds.
 */
export const KEEP_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
  'helm.sh/resource-policy': 'keep',
};

export interface PersistentClaimProps {
  readonly name: string;
  readonly size: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /** @default ['ReadWriteOnce'] */
  readonly accessModes?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

export function claimSpec(props: Omit<PersistentClaimProps, 'name' | 'labels'>): k8s.PersistentVolumeClaimSpec {
  return {
    accessModes: [...(props.accessModes ?? ['ReadWriteOnce'])],
    storageClassName: props.storageClass,
    volumeMode: 'Filesystem',
    resources: { requests: { storage: k8s.Quantity.fromString(props.size) } },
  };
}

export class PersistentClaim extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: PersistentClaimProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'claim name');
    if (!isQuantity(props.size)) throw new Error(`claim "${props.name}": size "${props.size}" is not a Kubernetes quantity`);
    this.name = props.name;
    new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels ? { ...props.labels } : undefined, annotations: { ...KEEP_ANNOTATIONS } },
      spec: claimSpec(props),
    });
  }
}
