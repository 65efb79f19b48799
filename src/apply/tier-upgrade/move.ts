/**
 * Free or demo (the shared free tier) -> a dedicated deployment, one resumable
 * step at a time; the record on the cluster says which steps are done:
 *   provision  the tenant's chart without its Ingress (namespace, database, migration, workloads)
 *   database   its CNPG Cluster is ready and CNPG has generated its app Secret
 *   data-move  a Job dumps the shared schema, restores it, compares row counts per table
 *   routing    the tenant's Ingress (exact host) is applied; the free tier is re-applied
 *   record     the platform file says the new tier (with clusters: and pins the tenant's cluster)
 * The shared schema is never touched here (see finalize.ts).
 */
import { App } from 'cdk8s';
import { FreeTierChart } from '../../charts/free-tier-chart.js';
import { UsageError } from '../../errors.js';
import { FREE_TIER_NAMESPACE, SYSTEM_NAMESPACE, sharedTenantSchema, tenantDatabase, tenantNamespace } from '../../platform/naming.js';
import { planTenant } from '../../platform/plan.js';
import type { Platform } from '../../platform/schema.js';
import { freeTierShards, shardsRouteExactHosts } from '../../platform/shards.js';
import { renderForApply } from '../../synth/render.js';
import { platformUnits, tenantUnit } from '../../synth/units.js';
import { applyInstance } from '../apply.js';
import { applySetFor, parentObject } from '../applyset.js';
import { describeObject } from '../discovery.js';
import { readinessOf } from '../readiness/index.js';
import { runDataMove } from './data-move.js';
import { dataMoveJobName } from './move-objects.js';
import type { UpgradeContext } from './options.js';
import { recordedFields } from './platform-change.js';
import { MOVE_STEPS, completed, writeRecord, type MoveStep, type UpgradeRecord } from './record.js';
import type { UpgradeReport } from './report.js';
import type { StepRunner } from './steps.js';

/** What each step does, for --dry-run. */
const INTENT: Record<MoveStep, string> = {
  provision: 'apply the dedicated tenant chart without its Ingress and wait for each stage',
  database: 'check the CNPG Cluster is ready and its app Secret exists',
  'data-move': 'run a data-move Job: dump the shared schema, restore it, compare row counts per table',
  routing: 'apply the tenant Ingress (its exact host wins over the free-tier wildcard) and re-apply the free tier',
  record: 'write the new tier into the platform file',
};

export function newRecord(context: UpgradeContext): UpgradeRecord {
  const { tenant, to, options } = context;
  return { tenant: tenant.id, from: tenant.tier, to, schema: sharedTenantSchema(tenant.id), startedAt: (options.clock ?? (() => new Date()))().toISOString(), steps: {}, dataMoveJobs: [] };
}

export async function moveToDedicated(context: UpgradeContext, existing: UpgradeRecord | undefined, runner: StepRunner): Promise<UpgradeReport> {
  const { client, options, tenant } = context;
  const clock = options.clock ?? (() => new Date());
  let record = existing ?? newRecord(context);
  // The platform file is the source of truth: if it does not say the new tier yet, recording it is still to do.
  if (tenant.tier !== context.to && record.steps.record) {
    const { record: _recorded, ...rest } = record.steps;
    record = { ...record, steps: rest };
  }
  if (completed(record)) {
    for (const step of MOVE_STEPS) runner.mark(step, 'already-done', record.steps[step]!.detail);
    return runner.report('already-done');
  }
  if (options.dryRun) {
    for (const step of MOVE_STEPS) runner.mark(step, record.steps[step] ? 'already-done' : 'would-run', record.steps[step]?.detail ?? INTENT[step]);
    return runner.report('dry-run');
  }

  const namespace = tenantNamespace(tenant.id);
  const lastJob = () => record.dataMoveJobs.at(-1) ?? dataMoveJobName(tenant.id, 1);
  const steps: Record<MoveStep, { wayOut: () => string; work: () => Promise<string> }> = {
    provision: {
      wayOut: () => 'fix the cause above and run the same command again: what was applied stays and the apply converges',
      work: async () => {
        if (!existing) await writeRecord(client, record);
        return provision(context);
      },
    },
    database: { wayOut: () => `wait until Cluster ${namespace}/${tenantDatabase(tenant.id)} is ready (kubectl get cluster -n ${namespace}), then run the same command again`, work: () => checkDatabase(context) },
    'data-move': {
      wayOut: () => `${record.dataMoveJobs.length > 0 ? `read the Job's log (kubectl logs -n ${SYSTEM_NAMESPACE} job/${lastJob()}), fix` : 'fix'} the cause and run the same command again: it starts a new attempt; the shared schema ${record.schema} is untouched and the free tier still serves the tenant`,
      work: () => runDataMove(context, record, false, async (jobs) => {
        record = { ...record, dataMoveJobs: jobs };
        await writeRecord(client, record);
      }),
    },
    routing: { wayOut: () => 'run the same command again; until the tenant Ingress exists the free tier keeps serving the tenant', work: () => switchRouting(context) },
    record: { wayOut: () => 'the cluster is switched; run the same command again to write the tier into the platform file', work: () => recordTier(context) },
  };
  for (const step of MOVE_STEPS) {
    const done = record.steps[step];
    if (done) {
      runner.mark(step, 'already-done', done.detail);
      continue;
    }
    await runner.run(step, steps[step].wayOut, async () => {
      const detail = await steps[step].work();
      record = { ...record, steps: { ...record.steps, [step]: { at: clock().toISOString(), detail } } };
      await writeRecord(client, record);
      return detail;
    });
  }
  return runner.report('upgraded');
}

function dedicatedUnit(context: UpgradeContext) {
  const config = context.next.tenants.find((t) => t.id === context.tenant.id)!;
  return renderForApply(tenantUnit(context.next, config));
}

/**
 * Everything but the Ingress: the tenant's host keeps reaching the free tier until its data has moved.
 * The Certificate goes now so TLS is ready at the switch; with certificate-per-tenant its HTTP-01
 * solver Ingress (an exact host too) holds the host for the seconds of the challenge.
 */
async function provision(context: UpgradeContext): Promise<string> {
  const unit = dedicatedUnit(context);
  const objects = unit.objects.filter((object) => object.kind !== 'Ingress');
  await applyInstance(context.client, { instance: unit.name, namespace: unit.namespace, objects, secrets: unit.secrets }, { ...context.options, dryRun: false, prune: false });
  const plan = planTenant(context.next, context.next.tenants.find((t) => t.id === context.tenant.id)!);
  return `${objects.length} objects of ${unit.name} applied and ready (${plan.tier}: api ${plan.api.replicas}, web ${plan.web.replicas}, database ${plan.database.instances} x ${plan.database.storage}); Ingress held back`;
}

async function checkDatabase(context: UpgradeContext): Promise<string> {
  const { client, tenant } = context;
  const namespace = tenantNamespace(tenant.id);
  const cluster = await client.get({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: tenantDatabase(tenant.id), namespace } });
  if (!cluster) throw new Error(`Cluster ${namespace}/${tenantDatabase(tenant.id)} does not exist`);
  const readiness = readinessOf(cluster as never);
  if (readiness.state !== 'ready') throw new Error(`${describeObject(cluster)} is ${readiness.state}: ${readiness.message}`);
  const secret = await client.get({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `${tenantDatabase(tenant.id)}-app`, namespace } });
  if (!secret) throw new Error(`Secret ${namespace}/${tenantDatabase(tenant.id)}-app does not exist yet (CNPG creates it when the cluster bootstraps)`);
  return `${describeObject(cluster)} ready: ${readiness.message}`;
}

/**
 * ingress-nginx picks an exact server_name over a wildcard one, so the tenant's
 * `{id}.{domain}` rule on its own Ingress wins over the free tier's `*.{domain}`
 * (shared/notes/domain-workloads.md 3.2). The free tier routes by wildcard only
 * (the tenant comes from the Host header), so it has no per-tenant rule to drop;
 * re-applying it updates what depends on the tenant list (the tenant count label).
 * With several shards each routes exact hosts, so re-applying the shards drops
 * the tenant's host from its shard (and seats the tenants first-fit moves).
 */
async function switchRouting(context: UpgradeContext): Promise<string> {
  const { client, next, options } = context;
  const unit = dedicatedUnit(context);
  const apply = { ...options, dryRun: false, prune: false };
  await applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets }, apply);
  const ingress = unit.objects.find((object) => object.kind === 'Ingress')!;
  const hosts = ((ingress.spec as { rules?: { host?: string }[] }).rules ?? []).map((rule) => rule.host).join(', ');
  let freeTier = 'free tier not applied here (no saas-charts inventory in its namespace): GitOps picks the change up from the synth output';
  const reapplied: string[] = [];
  for (const { shard, namespace } of next.freeTier.enabled ? freeTierShards(next) : []) {
    if (!(await client.get(parentObject(applySetFor(namespace, namespace), { groupKinds: [], namespaces: [] })))) continue;
    const free = renderForApply({ kind: 'free-tier', name: namespace, file: '', build: (app: App) => new FreeTierChart(app, namespace, { platform: next, shard }) });
    // A shard left without tenants has no Ingress: prune removes the one that still routes the tenant's host.
    await applyInstance(client, { instance: free.name, namespace: free.namespace, objects: free.objects, secrets: free.secrets }, { ...apply, prune: shardsRouteExactHosts(next) });
    reapplied.push(namespace);
  }
  if (reapplied.length === 1 && reapplied[0] === FREE_TIER_NAMESPACE) freeTier = 'free tier re-applied without the tenant';
  else if (reapplied.length > 0) freeTier = `free-tier shards re-applied without the tenant (${reapplied.join(', ')})`;
  return `${describeObject(ingress)} routes ${hosts} (exact hosts win over *.${next.global.domain}); ${freeTier}`;
}

/**
 * A move needs the shared and the dedicated database on one cluster: the
 * data-move Job reaches both, through the home cluster's client. `next` places
 * the tenant in a seat the others leave free (upgradedPlatform), so it must
 * land there; the record step pins it there.
 */
export function assertOneCluster(next: Platform, tenantId: string): void {
  if ((next.clusters ?? []).length === 0) return;
  const units = platformUnits(next);
  const tenantCluster = units.find((u) => u.kind === 'tenant' && u.name === tenantNamespace(tenantId))?.cluster;
  const freeTierCluster = units.find((u) => u.kind === 'free-tier')?.cluster;
  if (tenantCluster === freeTierCluster) return;
  throw new UsageError(`tenant ${tenantId} would be placed on cluster ${tenantCluster ?? '(none with room)'}, but its data is in the free tier on cluster ${freeTierCluster}, and the data-move Job needs both databases on one cluster; make room for one more dedicated tenant on ${freeTierCluster} (clusters[].maxTenants) and run again`);
}

async function recordTier(context: UpgradeContext): Promise<string> {
  const { recordTier: write } = context.options;
  if (!write) return 'platform file not written (library call without recordTier)';
  const fields = recordedFields(context.tenant, context.to, context.next);
  const changed = await write(fields);
  const said = `tenant ${context.tenant.id} tier ${context.to}${fields.placement ? `, placement ${fields.placement}` : ''}${fields.cluster ? `, cluster ${fields.cluster}` : ''}`;
  return changed ? `platform file: ${said}` : `platform file already says ${said}`;
}
