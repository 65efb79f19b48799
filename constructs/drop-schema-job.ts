/**
 * Drops one schema of a shared database (a tenant's data after it moved to its
 * own database). The caller decides when that is safe; the Job only drops.
 */
import { Construct } from 'constructs';
import { assertSchemaName } from './data-move-job.js';
import type { k8s } from './k8s.js';
import type { AppIdentity } from './labels.js';
import { PostgresScriptJob, connectionFunctions, type DatabaseEndpoint } from './postgres-script-job.js';
import type { ContainerResources } from './resources.js';

export interface DropSchemaJobProps {
  readonly name: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  readonly identity: AppIdentity;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** The platform's postgres image (psql). */
  readonly image: string;
  /** The shared database holding `schema`. */
  readonly database: DatabaseEndpoint;
  readonly schema: string;
  /** @default - 100m/256Mi requested, 1 CPU/1Gi limit */
  readonly resources?: ContainerResources;
  /** @default 2 */
  readonly backoffLimit?: number;
  /** @default 600 */
  readonly deadlineSeconds?: number;
}

export class DropSchemaJob extends Construct {
  readonly job: k8s.KubeJob;
  readonly name: string;

  constructor(scope: Construct, id: string, props: DropSchemaJobProps) {
    super(scope, id);
    assertSchemaName(props.schema);
    const resource = new PostgresScriptJob(this, 'Resource', {
      name: props.name,
      namespace: props.namespace,
      identity: props.identity,
      labels: props.labels,
      image: props.image,
      script: dropSchemaScript(),
      databases: { DATABASE: props.database },
      env: { SCHEMA: props.schema },
      resources: props.resources,
      backoffLimit: props.backoffLimit,
      deadlineSeconds: props.deadlineSeconds ?? 600,
    });
    this.job = resource.job;
    this.name = resource.name;
  }
}

/** The script; reads SCHEMA and the DATABASE_* connection variables. IF EXISTS: a retry after a drop that committed succeeds. */
export function dropSchemaScript(): string {
  return `set -eu
${connectionFunctions(['DATABASE'])}
echo "dropping schema $SCHEMA"
on_database psql -X -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS \\"$SCHEMA\\" CASCADE"
echo "dropped schema $SCHEMA"
`;
}
