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
import { toKubeResources, type ContainerResources } from './resources.js';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, type PodIdentity } from './security.js';

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
  readonly podIdentity?: PodIdentity;
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
    const env = props.env ? [...props.env] : undefined;
    const securityContext = restrictedContainerSecurityContext();
    const resources = toKubeResources(props.resources, `MigrationJob ${this.name}`);

    const initContainers: k8s.Container[] | undefined = props.waitForDatabase && [{
      name: 'wait-for-database',
      image: props.waitForDatabase.image,
      imagePullPolicy: 'IfNotPresent',
      command: ['sh', '-c', `until pg_isready -q -h "$${props.waitForDatabase.hostEnv}" -p ${props.waitForDatabase.port ?? 5432}; do echo waiting for the database; sleep 2; done`],
      env,
      resources: toKubeResources({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } }, 'wait-for-database'),
      securityContext,
    }];

    this.job = new k8s.KubeJob(this, 'Resource', {
      metadata: { name: this.name, labels, annotations: { ...RERUN_ANNOTATIONS } },
      spec: {
        backoffLimit: props.backoffLimit ?? 3,
        activeDeadlineSeconds: props.deadlineSeconds ?? 900,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(props.podIdentity ?? { user: 10001 }),
            initContainers,
            containers: [{
              name: 'migrate',
              image: props.image,
              imagePullPolicy: 'IfNotPresent',
              args: props.args ? [...props.args] : undefined,
              env,
              resources,
              securityContext,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    });
  }
}
