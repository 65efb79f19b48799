/**
 * A database migration Job. It waits for the database with `pg_isready`,
 * retries a few times, and gives up after a deadline. Its pod template is
 * immutable, so a new image means a new Job: the annotations let Argo CD
 * (Sync hook, recreated before each sync) and Flux (force) recreate it.
 */
import { Construct } from 'constructs';
import { k8s } from './k8s.js';
import { recommendedLabels, type AppIdentity } from './labels.js';
import { assertDnsLabel } from './names.js';
import { podTemplate, type RunAs } from './pod-template.js';
import type { ContainerResources } from './resources.js';

export interface DatabaseWait {
  /** Image that ships `pg_isready` (the CNPG operand image does). */
  readonly image: string;
  /** Environment variable holding the database host. */
  readonly hostEnv: string;
  /** @default 5432 */
  readonly port?: number;
}

export interface MigrationJobProps {
  /** @default 'db-migration' */
  readonly name?: string;
  readonly identity: AppIdentity;
  readonly image: string;
  readonly args?: readonly string[];
  readonly env?: readonly k8s.EnvVar[];
  readonly resources: ContainerResources;
  /** @default - no wait; the Job's retries cover a late database */
  readonly waitForDatabase?: DatabaseWait;
  /** @default 3 */
  readonly backoffLimit?: number;
  /** @default 900 */
  readonly deadlineSeconds?: number;
  /** @default - uid/gid 10001 */
  readonly runAs?: RunAs;
}

/** Annotations that make GitOps tools re-run the Job when it changes. */
export const RERUN_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/hook': 'Sync',
  'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
  'kustomize.toolkit.fluxcd.io/force': 'Enabled',
  'saas-charts.io/recreate-on-immutable-change': 'true',
};

export class MigrationJob extends Construct {
  readonly job: k8s.KubeJob;
  readonly name: string;

  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    this.name = props.name ?? 'db-migration';
    assertDnsLabel(this.name, 'migration job name');
    const labels = recommendedLabels(props.identity);
    const wait = props.waitForDatabase;
    this.job = new k8s.KubeJob(this, 'Resource', {
      metadata: { name: this.name, labels, annotations: { ...RERUN_ANNOTATIONS } },
      spec: {
        backoffLimit: props.backoffLimit ?? 3,
        activeDeadlineSeconds: props.deadlineSeconds ?? 900,
        template: podTemplate({
          labels,
          runAs: props.runAs ?? { user: 10001 },
          restartPolicy: 'Never',
          initContainers: wait && [{
            name: 'wait-for-database',
            image: wait.image,
            command: ['sh', '-c', `until pg_isready -q -h "$${wait.hostEnv}" -p ${wait.port ?? 5432}; do echo waiting for the database; sleep 2; done`],
            env: props.env,
            resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
          }],
          containers: [{
            name: 'migrate',
            image: props.image,
            args: props.args,
            env: props.env,
            resources: props.resources,
            mounts: [{ name: 'tmp', mountPath: '/tmp', source: { emptyDir: true } }],
          }],
        }),
      },
    });
  }
}
