/**
 * Moves one schema of a shared database into a dedicated database: pg_dump of
 * the schema, pg_restore into a staging schema of the same name, row counts
 * per table compared (the Job fails when they differ), then the staging schema
 * becomes the dedicated database's `public` schema. The public schema found
 * there (what the migration Job created) is kept as `public_before_move`.
 * Safe to run again: a failed attempt's staging copy is dropped first, and a
 * finished move is only verified again.
 */
import { Construct } from 'constructs';
import type { k8s } from './k8s.js';
import type { AppIdentity } from './labels.js';
import { PostgresScriptJob, SCRIPT_WORK_DIR, connectionFunctions, type DatabaseEndpoint } from './postgres-script-job.js';
import type { ContainerResources } from './resources.js';

export interface DataMoveJobProps {
  readonly name: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  readonly identity: AppIdentity;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** The platform's postgres image (psql, pg_dump, pg_restore). */
  readonly image: string;
  /** The shared database holding `schema`. */
  readonly source: DatabaseEndpoint;
  /** The dedicated database that receives it. */
  readonly target: DatabaseEndpoint;
  /** Schema to move, e.g. `tenant_acme`: lower case letters, digits and `_`. */
  readonly schema: string;
  /** @default - 100m/256Mi requested, 1 CPU/1Gi limit */
  readonly resources?: ContainerResources;
  /** @default 2 */
  readonly backoffLimit?: number;
  /** @default 3600 */
  readonly deadlineSeconds?: number;
}

/** Where the dedicated database's previous public schema is kept; its presence marks a finished move. */
export const PREVIOUS_PUBLIC_SCHEMA = 'public_before_move';

/** A PostgreSQL identifier that needs no quoting in a shell script. */
export function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`schema "${schema}" must be 1 to 63 lower case letters, digits and "_", not starting with a digit`);
}

export class DataMoveJob extends Construct {
  readonly job: k8s.KubeJob;
  readonly name: string;

  constructor(scope: Construct, id: string, props: DataMoveJobProps) {
    super(scope, id);
    assertSchemaName(props.schema);
    const resource = new PostgresScriptJob(this, 'Resource', {
      name: props.name,
      namespace: props.namespace,
      identity: props.identity,
      labels: props.labels,
      image: props.image,
      script: dataMoveScript(),
      databases: { SOURCE: props.source, TARGET: props.target },
      env: { SCHEMA: props.schema },
      resources: props.resources,
      backoffLimit: props.backoffLimit,
      deadlineSeconds: props.deadlineSeconds,
    });
    this.job = resource.job;
    this.name = resource.name;
  }
}

/** Where the move keeps the shared schema's row counts it verified, for --finalize to count against. */
const MOVED_ROWS_TABLE = 'saas_charts_moved_rows';

/** The script; reads SCHEMA and the SOURCE_* / TARGET_* connection variables, keeps files in `work`. */
export function dataMoveScript(work: string = SCRIPT_WORK_DIR): string {
  return `set -eu
${connectionFunctions(['SOURCE', 'TARGET'])}
# "table rows" per table of schema $2, sorted: exact counts, not statistics.
counts() {
  "$1" psql -X -q -At -v ON_ERROR_STOP=1 -v schema="$2" <<'SQL' | sort
SELECT format('SELECT %L || '' '' || count(*) FROM %I.%I', c.relname, n.nspname, c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'schema' AND c.relkind IN ('r', 'p') ORDER BY 1 \\gexec
SQL
}
verify() {
  counts on_source "$SCHEMA" > ${work}/source.counts
  counts on_target "$1" > ${work}/target.counts
  if ! diff ${work}/source.counts ${work}/target.counts; then
    echo "row counts differ between the shared schema $SCHEMA and the dedicated copy ($1): nothing switched; run again (writes during the move also cause this)" >&2
    exit 1
  fi
  echo "row counts equal in $(wc -l < ${work}/source.counts) tables"
}
moved=$(on_target psql -X -q -At -v ON_ERROR_STOP=1 -c "SELECT count(*) FROM pg_namespace WHERE nspname = '${PREVIOUS_PUBLIC_SCHEMA}'")
if [ "$moved" = "1" ]; then
  echo "already moved; verifying again"
  # Against the shared schema's counts at the move, not the dedicated database: that one takes new rows once routed.
  recorded=$(on_target psql -X -q -At -v ON_ERROR_STOP=1 -c "SELECT to_regclass('${PREVIOUS_PUBLIC_SCHEMA}.${MOVED_ROWS_TABLE}') IS NOT NULL")
  if [ "$recorded" != "t" ]; then
    verify public
    exit 0
  fi
  counts on_source "$SCHEMA" > ${work}/source.counts
  on_target psql -X -q -At -v ON_ERROR_STOP=1 -c "SELECT line FROM ${PREVIOUS_PUBLIC_SCHEMA}.${MOVED_ROWS_TABLE}" | sort > ${work}/moved.counts
  if ! diff ${work}/moved.counts ${work}/source.counts; then
    echo "row counts of the shared schema $SCHEMA changed since the move (rows written on the free tier after it are only there)" >&2
    exit 1
  fi
  echo "row counts equal in $(wc -l < ${work}/source.counts) tables (the shared schema against its counts at the move)"
  exit 0
fi
echo "1/4 dump of schema $SCHEMA from the shared database"
on_source pg_dump --format=custom --schema="$SCHEMA" --no-owner --no-privileges --file=${work}/schema.dump
echo "2/4 restore into the dedicated database (staging schema $SCHEMA)"
on_target psql -X -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS \\"$SCHEMA\\" CASCADE"
on_target pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$TARGET_DB" ${work}/schema.dump
echo "3/4 verification of row counts per table"
verify "$SCHEMA"
echo "4/4 $SCHEMA becomes the public schema (the previous one is kept as ${PREVIOUS_PUBLIC_SCHEMA})"
on_target psql -X -q -v ON_ERROR_STOP=1 -1 \\
  -c "ALTER SCHEMA public RENAME TO ${PREVIOUS_PUBLIC_SCHEMA}" \\
  -c "ALTER SCHEMA \\"$SCHEMA\\" RENAME TO public" \\
  -c "CREATE TABLE ${PREVIOUS_PUBLIC_SCHEMA}.${MOVED_ROWS_TABLE} (line text)" \\
  -c "\\copy ${PREVIOUS_PUBLIC_SCHEMA}.${MOVED_ROWS_TABLE} FROM '${work}/source.counts'"
echo "moved schema $SCHEMA"
`;
}
