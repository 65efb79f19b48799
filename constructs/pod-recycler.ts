/**
 * Deletes a workload's pods on a schedule so that its controller starts fresh
 * ones. A CronJob runs `kubectl` directly (the registry.k8s.io/kubectl image
 * may have no shell) under its own ServiceAccount, which may only get, list
 * and delete pods in its own namespace.
 */
import { Construct } from 'constructs';
import { ApiAccess } from './api-access.js';
import { recommendedLabels, type AppIdentity } from './labels.js';
import { assertDnsLabel } from './names.js';
import type { ContainerResources } from './resources.js';
import { ScheduledJob } from './scheduled-job.js';
import type { PodIdentity } from './security.js';

export interface PodRecyclerProps {
  /** Name of the CronJob. */
  readonly name: string;
  /** Namespace of the CronJob and of the pods it deletes. */
  readonly namespace: string;
  readonly identity: AppIdentity;
  /** Labels of the pods to delete (`kubectl delete pods -l k=v,...`); at least one. */
  readonly podSelector: Readonly<Record<string, string>>;
  /** Five-field cron, e.g. `0 0 * * *`. */
  readonly schedule: string;
  /** @default 'Etc/UTC' */
  readonly timeZone?: string;
  /** A kubectl image pinned to a version, e.g. `registry.k8s.io/kubectl:v1.31.4`. */
  readonly image: string;
  /** ServiceAccount, Role and RoleBinding name. @default - the CronJob's name */
  readonly serviceAccountName?: string;
  /** @default - requests 10m / 32Mi, limits 100m / 128Mi */
  readonly resources?: ContainerResources;
  /** @default - uid/gid 65532 (`nonroot` of distroless-based images) */
  readonly runAs?: PodIdentity;
  /** @default 2 */
  readonly backoffLimit?: number;
  /** @default 300 */
  readonly deadlineSeconds?: number;
}

const KUBECTL_RESOURCES: ContainerResources = { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '128Mi' } };
const SELECTOR_PART = /^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$/;

export class PodRecycler extends Construct {
  readonly name: string;
  readonly serviceAccountName: string;
  readonly job: ScheduledJob;

  constructor(scope: Construct, id: string, props: PodRecyclerProps) {
    super(scope, id);
    validate(props);
    this.name = props.name;
    const labels = recommendedLabels(props.identity);
    const access = new ApiAccess(this, 'Access', {
      name: props.serviceAccountName ?? props.name,
      namespace: props.namespace,
      // `kubectl delete -l` lists the matching pods, then deletes each one.
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] }],
      labels,
    });
    this.serviceAccountName = access.serviceAccountName;
    const selector = Object.entries(props.podSelector).map(([key, value]) => `${key}=${value}`).join(',');

    this.job = new ScheduledJob(this, 'Resource', {
      name: props.name,
      identity: props.identity,
      schedule: props.schedule,
      timeZone: props.timeZone ?? 'Etc/UTC',
      runAs: props.runAs ?? { user: 65532 },
      serviceAccountName: access.serviceAccountName,
      // kubectl calls the API server with this ServiceAccount's token.
      automountServiceAccountToken: true,
      backoffLimit: props.backoffLimit ?? 2,
      deadlineSeconds: props.deadlineSeconds ?? 300,
      container: {
        name: 'kubectl',
        image: props.image,
        command: ['/bin/kubectl'],
        args: ['delete', 'pods', `--namespace=${props.namespace}`, `--selector=${selector}`, '--ignore-not-found=true', '--wait=false'],
        // kubectl writes its discovery cache under $HOME; the root file system is read-only.
        env: [{ name: 'HOME', value: '/tmp' }],
        resources: props.resources ?? KUBECTL_RESOURCES,
        mounts: [{ name: 'tmp', mountPath: '/tmp', source: { emptyDir: true } }],
      },
    });
  }
}

function validate(props: PodRecyclerProps): void {
  assertDnsLabel(props.name, 'pod recycler name');
  assertDnsLabel(props.namespace, `pod recycler "${props.name}" namespace`);
  const entries = Object.entries(props.podSelector);
  if (entries.length === 0) throw new Error(`pod recycler "${props.name}": podSelector is empty; it would delete every pod of namespace ${props.namespace}`);
  for (const [key, value] of entries) {
    if (!SELECTOR_PART.test(key) || !SELECTOR_PART.test(value)) {
      throw new Error(`pod recycler "${props.name}": selector "${key}=${value}" is not a label key and value (letters, digits, ".", "_", "-", "/" in keys)`);
    }
  }
  const own = recommendedLabels(props.identity);
  if (entries.every(([key, value]) => own[key] === value)) {
    throw new Error(`pod recycler "${props.name}": podSelector ${JSON.stringify(props.podSelector)} matches the recycler's own pods; select the workload to recycle`);
  }
  if (props.image.endsWith(':latest') || !/[:@]/.test(props.image.slice(props.image.lastIndexOf('/') + 1))) {
    throw new Error(`pod recycler "${props.name}": image "${props.image}" is not pinned to a version`);
  }
}
