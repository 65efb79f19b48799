/**
 * The objects a move needs besides the tenant's own chart: the data-move and
 * drop-schema Jobs (in the system namespace, beside the shared database whose
 * CNPG-generated Secret they read), the network allowances between the Job and
 * the tenant's database, and the copy of the tenant database's credentials the
 * Job reads (Secrets are namespace-local).
 */
import { Chart } from 'cdk8s';
import { DataMoveJob } from '../../../constructs/data-move-job.js';
import { DropSchemaJob } from '../../../constructs/drop-schema-job.js';
import { NetworkAllowance, k8s, type ManifestObject } from '../../../constructs/index.js';
import { SYSTEM_DATABASE, SYSTEM_NAMESPACE, tenantDatabase, tenantNamespace } from '../../platform/naming.js';
import type { Platform } from '../../platform/schema.js';
import { newApp } from '../../synth/units.js';

export const TENANT_LABEL = 'mechanicbuddy.app/tenant-id';
const COMPONENT = 'app.kubernetes.io/component';

/** Jobs are numbered per attempt so a failed one stays for `kubectl logs`. */
export const dataMoveJobName = (tenant: string, attempt: number): string => `data-move-${tenant}-${attempt}`;
export const dropSchemaJobName = (tenant: string): string => `drop-schema-${tenant}`;
/** Copy of `tenant-{id}-postgresql-app` beside the Job; deleted once the data moved. */
export const targetCredentialsName = (tenant: string): string => `data-move-${tenant}-target`;
export const SYSTEM_APP_SECRET = `${SYSTEM_DATABASE}-app`;

const podLabels = (tenant: string, component: string) => ({ [TENANT_LABEL]: tenant, [COMPONENT]: component });

function identity(tenant: string, component: string) {
  return { name: component, instance: tenantNamespace(tenant), component, partOf: 'mechanicbuddy' };
}

function render(build: (chart: Chart) => void): ManifestObject[] {
  const chart = new Chart(newApp(), 'tier-upgrade');
  build(chart);
  return chart.toJson() as ManifestObject[];
}

/** The two NetworkPolicies that let the data-move pod reach the tenant's database on 5432. */
export function moveNetworkPolicies(tenant: string): ManifestObject[] {
  const namespace = tenantNamespace(tenant);
  const job = podLabels(tenant, 'data-move');
  const database = { 'cnpg.io/cluster': tenantDatabase(tenant) };
  const egress = NetworkAllowance.toNamespace(`allow-data-move-${tenant}`, { matchLabels: job }, { namespace, podLabels: database }, [5432]);
  const ingress = NetworkAllowance.fromNamespace('allow-data-move-from-system', { namespace: SYSTEM_NAMESPACE, podLabels: job }, { matchLabels: database }, [5432]);
  return render((chart) => {
    for (const [allowance, where] of [[egress, SYSTEM_NAMESPACE], [ingress, namespace]] as const) {
      new k8s.KubeNetworkPolicy(chart, allowance.name, {
        metadata: { name: allowance.name, namespace: where, labels: { 'app.kubernetes.io/managed-by': 'saas-charts', ...job } },
        spec: allowance.spec,
      });
    }
  });
}

export function dataMoveJob(platform: Platform, tenant: string, schema: string, attempt: number): ManifestObject {
  return render((chart) => new DataMoveJob(chart, 'DataMove', {
    name: dataMoveJobName(tenant, attempt),
    namespace: SYSTEM_NAMESPACE,
    identity: identity(tenant, 'data-move'),
    labels: podLabels(tenant, 'data-move'),
    image: platform.global.images.postgres,
    source: { secretName: SYSTEM_APP_SECRET, host: `${SYSTEM_DATABASE}-rw.${SYSTEM_NAMESPACE}.svc.cluster.local` },
    target: { secretName: targetCredentialsName(tenant), host: `${tenantDatabase(tenant)}-rw.${tenantNamespace(tenant)}.svc.cluster.local` },
    schema,
  }))[0];
}

export function dropSchemaJob(platform: Platform, tenant: string, schema: string): ManifestObject {
  return render((chart) => new DropSchemaJob(chart, 'DropSchema', {
    name: dropSchemaJobName(tenant),
    namespace: SYSTEM_NAMESPACE,
    identity: identity(tenant, 'drop-schema'),
    labels: podLabels(tenant, 'drop-schema'),
    image: platform.global.images.postgres,
    database: { secretName: SYSTEM_APP_SECRET, host: `${SYSTEM_DATABASE}-rw.${SYSTEM_NAMESPACE}.svc.cluster.local` },
    schema,
  }))[0];
}

/**
 * The tenant database's credentials as a Secret in the system namespace: the
 * base64 data is copied as it is, never decoded, printed or logged.
 */
export function targetCredentials(tenant: string, liveAppSecret: { data?: Record<string, string> }): ManifestObject {
  const data = liveAppSecret.data ?? {};
  const keys = ['username', 'password', 'dbname'];
  const missing = keys.filter((key) => data[key] === undefined);
  if (missing.length > 0) throw new Error(`Secret ${tenantNamespace(tenant)}/${tenantDatabase(tenant)}-app has no ${missing.join(', ')} key`);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: targetCredentialsName(tenant), namespace: SYSTEM_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'saas-charts', ...podLabels(tenant, 'data-move') } },
    type: 'Opaque',
    data: Object.fromEntries(keys.map((key) => [key, data[key]])),
  };
}
