/**
 * Tenant provisioning as a library (seed 003's TenantProvisioningService):
 * validate, generate an id, provision (synth, secrets, apply, wait), report
 * status, update, deprovision (data kept unless purged). Every step is timed
 * and logged; nothing shells out.
 */
import { randomBytes } from 'node:crypto';
import type { ManifestObject } from '../../constructs/index.js';
import { ConfigError, UsageError } from '../errors.js';
import { definePlatform } from '../platform/load.js';
import { planTenant } from '../platform/plan.js';
import type { Platform, PlatformInput, TenantInput, Tier } from '../platform/schema.js';
import { maxTenantIdLength } from '../platform/naming.js';
import { tenantPlacement } from '../platform/tenants.js';
import { renderForApply } from '../synth/render.js';
import { tenantUnit } from '../synth/units.js';
import { applyInstance, type ApplyOptions } from './apply.js';
import type { Change, ProgressEvent } from './changeset.js';
import { deleteInstance, type DeleteOptions } from './delete.js';
import { GitOpsDeleteError, gitOpsCheck } from './gitops-managed.js';
import type { ObjectClient } from './objects.js';
import { readinessOf } from './readiness/index.js';
import { assertNoStorageShrink } from './tier-upgrade/storage-shrink.js';

export interface ProvisioningRequest {
  readonly companyName: string;
  readonly tier: Tier;
  /** @default - generated from the company name */
  readonly id?: string;
  readonly ownerEmail?: string;
  readonly customDomains?: readonly string[];
  readonly stripeCustomerId?: string;
  /** Start of a demo trial (YYYY-MM-DD). @default - today (UTC) for demo tenants */
  readonly createdAt?: string;
}

export interface StepLog {
  readonly step: string;
  readonly seconds: number;
  readonly message: string;
}

export interface ProvisioningResult {
  readonly tenantId: string;
  readonly namespace: string;
  readonly urls: { readonly app: string; readonly api: string; readonly customDomains: readonly string[] };
  readonly resources: { readonly apiReplicas: number; readonly webReplicas: number; readonly databaseInstances: number; readonly storage: string };
  readonly expiresAt?: string;
  readonly changes: readonly Change[];
  readonly log: readonly StepLog[];
  readonly durationSeconds: number;
}

/** `Acme Auto Repair` -> `acme-auto-repair-3f9a1c`: DNS-safe, short enough for every derived name, unique. */
export function generateTenantId(companyName: string, taken: Iterable<string> = [], random: (bytes: number) => Buffer = randomBytes): string {
  const suffixLength = 6;
  const room = maxTenantIdLength() - suffixLength - 1;
  const slug = companyName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, room).replace(/-+$/, '') || 'tenant';
  const used = new Set(taken);
  for (;;) {
    const id = `${/^[a-z]/.test(slug) ? slug : `t-${slug}`.slice(0, room)}-${random(3).toString('hex')}`;
    if (!used.has(id)) return id;
  }
}

/** The platform with the requested tenant added; throws a ConfigError naming each problem. */
export function withTenant(platform: Platform, request: ProvisioningRequest, today = new Date()): { platform: Platform; tenant: TenantInput } {
  const id = request.id ?? generateTenantId(request.companyName, platform.tenants.map((t) => t.id));
  const tenant: TenantInput = {
    id,
    name: request.companyName,
    tier: request.tier,
    placement: 'dedicated',
    ownerEmail: request.ownerEmail,
    customDomains: request.customDomains ? [...request.customDomains] : undefined,
    stripeCustomerId: request.stripeCustomerId,
    createdAt: request.tier === 'demo' ? (request.createdAt ?? today.toISOString().slice(0, 10)) : request.createdAt,
  };
  const input: PlatformInput = { ...platform, tenants: [...platform.tenants, tenant] };
  return { platform: definePlatform(input, 'provisioning request'), tenant };
}

/** Problems with a request, without touching the cluster (seed 003's pre-flight validation). */
export function validateRequest(platform: Platform, request: ProvisioningRequest): string[] {
  try {
    withTenant(platform, request);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
}

export async function provisionTenant(client: ObjectClient, platform: Platform, request: ProvisioningRequest, options: ApplyOptions = {}): Promise<ProvisioningResult> {
  const started = Date.now();
  const log: StepLog[] = [];
  let stepStarted = started;
  const step = (name: string, message: string) => {
    const now = Date.now();
    log.push({ step: name, seconds: (now - stepStarted) / 1000, message });
    stepStarted = now;
  };
  const { platform: next, tenant } = withTenant(platform, request);
  step('validate', `tenant ${tenant.id} (${tenant.tier})`);
  const config = next.tenants.find((t) => t.id === tenant.id)!;
  const unit = renderForApply(tenantUnit(next, config));
  step('render', `${unit.objects.length} objects, ${unit.secrets.length} declared secrets`);
  let stage = '';
  const onProgress = (event: ProgressEvent) => {
    if (event.type === 'stage') {
      if (stage) step(stage, 'applied and ready');
      stage = event.stage;
    }
    options.onProgress?.(event);
  };
  const { changes } = await applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets }, { ...options, onProgress });
  if (stage) step(stage, 'applied and ready');
  const plan = planTenant(next, config);
  return {
    tenantId: plan.id,
    namespace: plan.namespace,
    urls: { app: `https://${plan.host}`, api: `https://${plan.host}/api`, customDomains: plan.customDomains.map((d) => `https://${d}`) },
    resources: { apiReplicas: plan.api.replicas, webReplicas: plan.web.replicas, databaseInstances: plan.database.instances, storage: plan.database.storage },
    expiresAt: plan.expiresAt,
    changes,
    log,
    durationSeconds: (Date.now() - started) / 1000,
  };
}

export interface ComponentStatus {
  readonly component: string;
  readonly subject: string;
  readonly state: 'ready' | 'in-progress' | 'failed' | 'missing';
  readonly message: string;
}

/** Per-component health of a dedicated tenant (seed 003's GetTenantStatusAsync). */
export async function tenantStatus(client: ObjectClient, platform: Platform, tenantId: string): Promise<ComponentStatus[]> {
  const config = platform.tenants.find((t) => t.id === tenantId);
  if (!config) throw new ConfigError([{ path: 'tenants', message: `no tenant "${tenantId}"` }]);
  const unit = renderForApply(tenantUnit(platform, config));
  const components: [string, string][] = [['namespace', 'Namespace'], ['database', 'Cluster'], ['migration', 'Job'], ['api', 'Deployment/api'], ['web', 'Deployment/web'], ['certificate', 'Certificate']];
  const result: ComponentStatus[] = [];
  for (const [component, selector] of components) {
    const [kind, name] = selector.split('/');
    const object = unit.objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
    if (!object) continue;
    const subject = `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
    const live = await client.get(object);
    if (!live) {
      result.push({ component, subject, state: 'missing', message: 'not found' });
      continue;
    }
    const readiness = readinessOf(live as never);
    result.push({ component, subject, state: readiness.state, message: readiness.message });
  }
  return result;
}

export interface DeprovisionOptions extends DeleteOptions {
  /** Delete even what Argo CD or Flux syncs from Git (it recreates it at its next sync). @default false: refused with GitOpsDeleteError, nothing deleted */
  readonly forceGitOps?: boolean;
}

/** Removes a tenant's workloads; its namespace, volumes and database stay unless purged. */
export async function deprovisionTenant(client: ObjectClient, platform: Platform, tenantId: string, options: DeprovisionOptions = {}): Promise<Change[]> {
  const config = platform.tenants.find((t) => t.id === tenantId);
  if (!config) throw new ConfigError([{ path: 'tenants', message: `no tenant "${tenantId}"` }]);
  const unit = renderForApply(tenantUnit(platform, config));
  const gitops = gitOpsCheck(unit.name, !options.dryRun && !options.forceGitOps, GitOpsDeleteError);
  const inspectLive = (live: readonly ManifestObject[], instance: string) => {
    options.inspectLive?.(live, instance);
    gitops.inspect(live);
  };
  return deleteInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects }, { ...options, inspectLive });
}

export interface TenantUpdate {
  readonly tier?: Tier;
  readonly imageTag?: string;
}

/** Applies a changed tenant (a tier change scales in place; a new image tag rolls it and re-runs the migration). */
export async function updateTenant(client: ObjectClient, platform: Platform, tenantId: string, update: TenantUpdate, options: ApplyOptions = {}) {
  const index = platform.tenants.findIndex((t) => t.id === tenantId);
  if (index < 0) throw new ConfigError([{ path: 'tenants', message: `no tenant "${tenantId}"` }]);
  const tenants = platform.tenants.map((t, i) => (i === index ? { ...t, ...(update.tier ? { tier: update.tier } : {}), ...(update.imageTag ? { imageTag: update.imageTag } : {}) } : t));
  const input: PlatformInput = { ...platform, tenants };
  const next = definePlatform(input, 'tenant update');
  // A shared tenant has no deployment of its own, and its data lives in the free tier's database: only `tenant upgrade` moves it.
  if (tenantPlacement(platform.tenants[index]) === 'shared') {
    const paid = update.tier === 'professional' || update.tier === 'enterprise';
    throw new UsageError(`tenant ${tenantId} lives in the shared free tier, with no deployment of its own to update${paid ? `; run \`saas-charts tenant upgrade ${tenantId} --tier ${update.tier}\` to move it and its data to one` : ''}`);
  }
  // A free or demo tier without `placement` is shared; data never moves from a tenant's own database back into the shared one.
  if (tenantPlacement(next.tenants[index]) === 'shared') {
    throw new UsageError(`tenant ${tenantId} runs its own deployment and database; --tier ${update.tier} would make it a shared free-tier tenant, and its data cannot move back into the shared database. Keep it dedicated: set placement: dedicated on its entry in the platform file, then run the same command`);
  }
  if (update.tier) await assertNoStorageShrink(client, planTenant(platform, platform.tenants[index]), planTenant(next, next.tenants[index]));
  const unit = renderForApply(tenantUnit(next, next.tenants[index]));
  return { platform: next, ...(await applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets }, options)) };
}
