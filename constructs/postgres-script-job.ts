/**
 * A Job that runs a shell script with the PostgreSQL client tools (the
 * platform's CNPG operand image ships psql, pg_dump and pg_restore) against
 * one or two databases. Credentials come from Secrets by secretKeyRef, never
 * inline; the pod passes Pod Security `restricted`.
 */
import { Construct } from 'constructs';
import { k8s } from './k8s.js';
import { recommendedLabels, type AppIdentity } from './labels.js';
import { assertDnsLabel } from './names.js';
import { podTemplate, type RunAs } from './pod-template.js';
import type { ContainerResources } from './resources.js';

/** Where a database is and which Secret holds its credentials (a CNPG `<cluster>-app` Secret has these keys). */
export interface DatabaseEndpoint {
  /** Secret with the `username`, `password` and `dbname` keys (and `host` when `host` is not given). */
  readonly secretName: string;
  /** @default - the Secret's `host` key */
  readonly host?: string;
  /** @default 5432 */
  readonly port?: number;
}

export interface PostgresScriptJobProps {
  readonly name: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  readonly identity: AppIdentity;
  /** Extra labels on the Job and its pod (selectors for NetworkPolicies, cleanup). @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** An image with psql, pg_dump and pg_restore: the platform's postgres image. */
  readonly image: string;
  /** POSIX shell script, run with `sh -c`. */
  readonly script: string;
  /** Databases by env prefix: `{ SOURCE: ... }` gives SOURCE_HOST, SOURCE_PORT, SOURCE_DB, SOURCE_USER, SOURCE_PASSWORD. */
  readonly databases: Readonly<Record<string, DatabaseEndpoint>>;
  /** Plain (non-secret) settings the script reads. @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** @default - 100m/256Mi requested, 1 CPU/1Gi limit */
  readonly resources?: ContainerResources;
  /** Retries of the whole script; the script must be safe to run again. @default 2 */
  readonly backoffLimit?: number;
  /** @default 3600 */
  readonly deadlineSeconds?: number;
  /** @default - uid/gid 26, the postgres user of the CNPG images */
  readonly runAs?: RunAs;
}

/** The user of the CNPG operand images (cloudnative-pg/postgres-containers). */
export const POSTGRES_IMAGE_USER = 26;

const DEFAULT_RESOURCES: ContainerResources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } };

/** Where scripts keep dumps and temporary files (the root file system is read-only). */
export const SCRIPT_WORK_DIR = '/work';

export class PostgresScriptJob extends Construct {
  readonly job: k8s.KubeJob;
  readonly name: string;

  constructor(scope: Construct, id: string, props: PostgresScriptJobProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'job name');
    for (const prefix of Object.keys(props.databases)) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(prefix)) throw new Error(`database env prefix "${prefix}" must be upper case letters, digits and "_" (e.g. SOURCE)`);
    }
    this.name = props.name;
    const labels = { ...recommendedLabels(props.identity), ...props.labels };
    const env: k8s.EnvVar[] = [
      ...Object.entries(props.databases).flatMap(([prefix, database]) => databaseEnv(prefix, database)),
      ...Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value })),
    ];
    this.job = new k8s.KubeJob(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        backoffLimit: props.backoffLimit ?? 2,
        activeDeadlineSeconds: props.deadlineSeconds ?? 3600,
        template: podTemplate({
          labels,
          runAs: props.runAs ?? { user: POSTGRES_IMAGE_USER },
          restartPolicy: 'Never',
          containers: [{
            name: 'script',
            image: props.image,
            command: ['sh', '-c'],
            args: [props.script],
            env,
            resources: props.resources ?? DEFAULT_RESOURCES,
            mounts: [{ name: 'work', mountPath: SCRIPT_WORK_DIR, source: { emptyDir: true } }],
          }],
        }),
      },
    });
  }
}

function secretEnv(name: string, secret: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

function databaseEnv(prefix: string, database: DatabaseEndpoint): k8s.EnvVar[] {
  return [
    database.host ? { name: `${prefix}_HOST`, value: database.host } : secretEnv(`${prefix}_HOST`, database.secretName, 'host'),
    { name: `${prefix}_PORT`, value: String(database.port ?? 5432) },
    secretEnv(`${prefix}_DB`, database.secretName, 'dbname'),
    secretEnv(`${prefix}_USER`, database.secretName, 'username'),
    secretEnv(`${prefix}_PASSWORD`, database.secretName, 'password'),
  ];
}

/** Shell functions `on_<prefix lower case> COMMAND...` that run a client tool against that database. */
export function connectionFunctions(prefixes: readonly string[]): string {
  return prefixes.map((prefix) => `on_${prefix.toLowerCase()}() { env PGHOST="$${prefix}_HOST" PGPORT="$${prefix}_PORT" PGDATABASE="$${prefix}_DB" PGUSER="$${prefix}_USER" PGPASSWORD="$${prefix}_PASSWORD" PGCONNECT_TIMEOUT=10 PGOPTIONS="-c client_min_messages=warning" "$@"; }`).join('\n');
}
