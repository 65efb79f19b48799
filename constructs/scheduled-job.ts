/** A CronJob with every setting explicit: one run at a time, UTC, bounded retries, and `suspend` for paused workloads. */
import { Construct } from 'constructs';
import { k8s } from './k8s.js';
import { recommendedLabels, type AppIdentity } from './labels.js';
import { assertDnsLabel } from './names.js';
import { podTemplate, type ContainerSpec, type RunAs } from './pod-template.js';

export interface ScheduledJobProps {
  readonly name: string;
  readonly identity: AppIdentity;
  /** Five-field cron, e.g. `30 2 * * *`. */
  readonly schedule: string;
  /** @default 'Etc/UTC' */
  readonly timeZone?: string;
  readonly container: ContainerSpec;
  readonly runAs: RunAs;
  /** @default false */
  readonly suspend?: boolean;
  readonly serviceAccountName?: string;
  /** @default false */
  readonly automountServiceAccountToken?: boolean;
  /** @default 2 */
  readonly backoffLimit?: number;
  /** @default 3600 */
  readonly deadlineSeconds?: number;
}

export class ScheduledJob extends Construct {
  readonly cronJob: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'scheduled job name');
    if (props.schedule.trim().split(/\s+/).length !== 5 && !props.schedule.startsWith('@')) {
      throw new Error(`scheduled job "${props.name}": schedule "${props.schedule}" must have five fields (minute hour day month weekday)`);
    }
    const labels = recommendedLabels(props.identity);
    this.cronJob = new k8s.KubeCronJob(this, 'Resource', {
      metadata: { name: props.name, labels },
      spec: {
        schedule: props.schedule,
        timeZone: props.timeZone ?? 'Etc/UTC',
        suspend: props.suspend ?? false,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 600,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: props.backoffLimit ?? 2,
            activeDeadlineSeconds: props.deadlineSeconds ?? 3600,
            ttlSecondsAfterFinished: 86_400,
            template: podTemplate({
              labels,
              runAs: props.runAs,
              restartPolicy: 'Never',
              serviceAccountName: props.serviceAccountName,
              automountServiceAccountToken: props.automountServiceAccountToken,
              containers: [props.container],
            }),
          },
        },
      },
    });
  }
}
