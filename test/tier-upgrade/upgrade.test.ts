import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { applyInstance } from '../../src/apply/apply.js';
import { ObjectClient } from '../../src/apply/objects.js';
import { provisionTenant, updateTenant } from '../../src/apply/provisioning.js';
import { MOVE_STEPS, UpgradeStepError, readRecord, upgradeTenantTier, upgradedPlatform, type TierUpgradeOptions } from '../../src/apply/tier-upgrade/index.js';
import { connect } from '../../src/apply/transport.js';
import { ExitCode } from '../../src/errors.js';
import { definePlatform } from '../../src/platform/load.js';
import type { Platform } from '../../src/platform/schema.js';
import { renderForApply } from '../../src/synth/render.js';
import { platformUnits } from '../../src/synth/units.js';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';
import type { AutoAdvanceRule, RuleHandle } from '../support/fake-api-server/auto-advance.js';

const dir = mkdtempSync(join(tmpdir(), 'saas-charts-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SUPPLIED = { 'email-credentials/api-key': 're_test_key' };
const SYSTEM = 'mechanicbuddy-system';
const free = definePlatform({ tenants: [{ id: 'joes', name: "Joe's Garage", tier: 'free' }] });

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A cluster with the system namespace, controllers that finish Jobs, CNPG clusters and Deployments; `first` rules win. */
async function cluster(first: readonly AutoAdvanceRule[] = []): Promise<{ server: FakeApiServer; client: ObjectClient; firstRules: RuleHandle[] }> {
  server = await startFakeApiServer({ namespaces: [SYSTEM], controllers: { jobs: true, cnpgAppSecrets: true } });
  const firstRules = first.map((rule) => server!.autoAdvance(rule));
  for (const kind of ['Job', 'Deployment', 'Cluster', 'Certificate']) server.autoAdvance({ kind, afterMs: 5 });
  const kubeconfig = join(dir, `kubeconfig-${server.port}`);
  writeFileSync(kubeconfig, server.kubeconfig());
  return { server, firstRules, client: new ObjectClient(await connect({ kubeconfig, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } })) };
}

function options(extra: Partial<TierUpgradeOptions> = {}): TierUpgradeOptions & { recorded: number } {
  const result = { suppliedSecrets: SUPPLIED, pollIntervalMs: 5, recorded: 0, ...extra } as TierUpgradeOptions & { recorded: number };
  if ('recordTier' in extra) return result;
  return Object.assign(result, { recordTier: async () => { result.recorded++; return true; } });
}

const get = (s: FakeApiServer, kind: string, namespace: string, name: string) => s.store.get({ kind, namespace, name }) as { spec?: Record<string, unknown>; status?: { conditions?: { type: string; status: string }[] }; data?: Record<string, string> } | undefined;
const condition = (object: ReturnType<typeof get>, type: string) => object?.status?.conditions?.find((c) => c.type === type)?.status;
const secretValue = (s: FakeApiServer) => Buffer.from(get(s, 'Secret', 'tenant-joes', 'tenant-joes-postgresql-app')!.data!.password, 'base64').toString('utf8');

async function failure(promise: Promise<unknown>): Promise<UpgradeStepError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UpgradeStepError);
  return error as UpgradeStepError;
}

describe('free tenant -> professional (a move with its data)', () => {
  it('ends with a ready dedicated namespace, a verified data-move Job and routing switched; run again, it writes nothing', async () => {
    const { server, client } = await cluster();
    const opts = options();
    const report = await upgradeTenantTier(client, free, 'joes', 'professional', opts);
    expect(report).toMatchObject({ tenant: 'joes', from: 'free', to: 'professional', path: 'move', outcome: 'upgraded' });
    expect(report.steps.map((s) => `${s.name}:${s.state}`)).toEqual(MOVE_STEPS.map((s) => `${s}:done`));
    expect(opts.recorded).toBe(1);

    expect(get(server, 'Namespace', '', 'tenant-joes')).toBeDefined();
    expect(condition(get(server, 'Cluster', 'tenant-joes', 'tenant-joes-postgresql'), 'Ready')).toBe('True');
    expect(get(server, 'Cluster', 'tenant-joes', 'tenant-joes-postgresql')!.spec).toMatchObject({ instances: 2, storage: { size: '50Gi' } });
    const job = get(server, 'Job', SYSTEM, 'data-move-joes-1');
    expect(condition(job, 'Complete')).toBe('True');
    expect((job!.spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0].args[0]).toContain('verify "$SCHEMA"');
    expect(report.steps.find((s) => s.name === 'data-move')?.detail).toMatch(/schema tenant_joes restored into tenant-joes-postgresql, row counts per table verified/);
    const ingress = get(server, 'Ingress', 'tenant-joes', 'mechanicbuddy') as { spec: { rules: { host: string }[] } };
    expect(ingress.spec.rules.map((r) => r.host)).toEqual(['joes.mechanicbuddy.app']);
    // The copy of the tenant's database credentials lived only while the Job ran.
    expect(get(server, 'Secret', SYSTEM, 'data-move-joes-target')).toBeUndefined();
    expect(server.store.list('NetworkPolicy', { namespace: 'tenant-joes' }).map((p) => (p as { metadata: { name: string } }).metadata.name)).toContain('allow-data-move-from-system');

    const record = await readRecord(client, 'joes');
    expect(record).toMatchObject({ from: 'free', to: 'professional', schema: 'tenant_joes', dataMoveJobs: ['data-move-joes-1'] });
    expect(Object.keys(record!.steps)).toEqual([...MOVE_STEPS]);

    // No secret value in the report, the record or any request body.
    const password = secretValue(server);
    expect(JSON.stringify(report)).not.toContain(password);
    expect(JSON.stringify(record)).not.toContain(password);
    expect(server.requests.all().some((r) => r.rawBody.includes(password))).toBe(false);

    server.requests.clear();
    const again = await upgradeTenantTier(client, upgradedPlatform(free, 'joes', 'professional'), 'joes', 'professional', opts);
    expect(again.outcome).toBe('already-done');
    expect(again.steps.every((s) => s.state === 'already-done')).toBe(true);
    expect(server.requests.writes()).toEqual([]);
    expect(opts.recorded).toBe(1);
  });

  it('a failed data-move Job stops the move with the step and the way out; the tenant stays on the free tier; a re-run converges', async () => {
    const { server, client } = await cluster([{ kind: 'Job', name: 'data-move-joes-1', afterMs: 5, outcome: 'failed' }]);
    const error = await failure(upgradeTenantTier(client, free, 'joes', 'professional', options()));
    expect(error.step).toBe('data-move');
    expect(error.exitCode).toBe(ExitCode.FAILURE);
    expect(error.message).toMatch(/step "data-move" failed: Job mechanicbuddy-system\/data-move-joes-1 failed/);
    expect(error.report.failure?.wayOut).toMatch(/kubectl logs -n mechanicbuddy-system job\/data-move-joes-1\), fix the cause and run the same command again: it starts a new attempt; the shared schema tenant_joes is untouched/);
    expect(error.report.steps.map((s) => `${s.name}:${s.state}`)).toEqual(['provision:done', 'database:done', 'data-move:failed', 'routing:pending', 'record:pending']);
    // Routing not switched: no tenant Ingress, so the free tier's wildcard still serves joes.
    expect(get(server, 'Ingress', 'tenant-joes', 'mechanicbuddy')).toBeUndefined();
    // The failed Job keeps its log, not the copy of the tenant database's credentials.
    expect(get(server, 'Secret', SYSTEM, 'data-move-joes-target')).toBeUndefined();

    const opts = options();
    const report = await upgradeTenantTier(client, free, 'joes', 'professional', opts);
    expect(report.steps.map((s) => `${s.name}:${s.state}`)).toEqual(['provision:already-done', 'database:already-done', 'data-move:done', 'routing:done', 'record:done']);
    expect(report.steps[2].detail).toMatch(/^Job mechanicbuddy-system\/data-move-joes-2 complete/);
    expect(condition(get(server, 'Job', SYSTEM, 'data-move-joes-1'), 'Failed')).toBe('True');
    expect(get(server, 'Ingress', 'tenant-joes', 'mechanicbuddy')).toBeDefined();
    expect((await readRecord(client, 'joes'))?.dataMoveJobs).toEqual(['data-move-joes-1', 'data-move-joes-2']);
  });

  it('a server error during routing is a cluster error (exit 3) naming the step; a re-run converges', async () => {
    const { server, client } = await cluster();
    const fault = server.faults.add({ fault: { type: 'status', code: 503 }, match: { method: 'PATCH', path: /\/ingresses\// } });
    const error = await failure(upgradeTenantTier(client, free, 'joes', 'professional', options()));
    expect(error.step).toBe('routing');
    expect(error.exitCode).toBe(ExitCode.CLUSTER);
    expect(error.report.failure?.wayOut).toMatch(/until the tenant Ingress exists the free tier keeps serving the tenant/);
    fault.remove();
    server.requests.clear();
    const report = await upgradeTenantTier(client, free, 'joes', 'professional', options());
    expect(report.steps.map((s) => `${s.name}:${s.state}`)).toEqual(['provision:already-done', 'database:already-done', 'data-move:already-done', 'routing:done', 'record:done']);
    // The finished data move was not run again.
    expect(server.requests.writes().some((r) => r.path.includes('/jobs/data-move'))).toBe(false);
  });

  it('afterwards the synth output of the recorded platform agrees with the cluster: the tenant and the free tier apply unchanged', async () => {
    const { server, client } = await cluster();
    const freeTierSecrets = { 'free-tier-database/dbname': 'mechanicbuddy', 'free-tier-database/username': 'free_tier', 'free-tier-database/password': 'free-tier-test-password', ...SUPPLIED };
    const freeTier = renderForApply(platformUnits(free).find((unit) => unit.kind === 'free-tier')!);
    await applyInstance(client, { instance: freeTier.name, namespace: freeTier.namespace, objects: freeTier.objects, secrets: freeTier.secrets }, { suppliedSecrets: freeTierSecrets, pollIntervalMs: 5 });
    expect((get(server, 'Namespace', '', 'mechanicbuddy-free-tier') as { metadata: { labels: Record<string, string> } }).metadata.labels['mechanicbuddy.app/tenants']).toBe('1');

    const report = await upgradeTenantTier(client, free, 'joes', 'professional', options());
    expect(report.steps.find((s) => s.name === 'routing')?.detail).toBe('Ingress tenant-joes/mechanicbuddy routes joes.mechanicbuddy.app (exact hosts win over *.mechanicbuddy.app); free tier re-applied without the tenant');
    const recorded = upgradedPlatform(free, 'joes', 'professional');
    for (const unit of platformUnits(recorded).filter((u) => u.kind === 'tenant' || u.kind === 'free-tier').map(renderForApply)) {
      const { changes } = await applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets }, { dryRun: true, suppliedSecrets: freeTierSecrets });
      expect(changes.filter((c) => c.action !== 'unchanged'), unit.name).toEqual([]);
    }
    expect((get(server, 'Namespace', '', 'mechanicbuddy-free-tier') as { metadata: { labels: Record<string, string> } }).metadata.labels['mechanicbuddy.app/tenants']).toBe('0');
  });

  it('a demo tenant moves the same way (to enterprise: 3 instances, 200Gi)', async () => {
    const { server, client } = await cluster();
    const demo = definePlatform({ tenants: [{ id: 'trial', name: 'Trial', tier: 'demo', createdAt: '2026-12-01' }] });
    const report = await upgradeTenantTier(client, demo, 'trial', 'enterprise', options());
    expect(report).toMatchObject({ from: 'demo', to: 'enterprise', path: 'move', outcome: 'upgraded' });
    expect(get(server, 'Cluster', 'tenant-trial', 'tenant-trial-postgresql')!.spec).toMatchObject({ instances: 3, storage: { size: '200Gi' } });
    expect(condition(get(server, 'Job', SYSTEM, 'data-move-trial-1'), 'Complete')).toBe('True');
  });

  it('interrupted while the data-move Job runs: the re-run waits for the same Job, no second attempt', async () => {
    const { server, client } = await cluster([{ kind: 'Job', name: 'data-move-joes-1', afterMs: 600_000 }]);
    const interrupt = new AbortController();
    const error = await failure(upgradeTenantTier(client, free, 'joes', 'professional', options({
      signal: interrupt.signal,
      onProgress: (event) => {
        if (event.type === 'waiting' && event.subject.includes('data-move-joes-1')) interrupt.abort();
      },
    })));
    expect(error.step).toBe('data-move');
    expect(error.message).toMatch(/interrupted while waiting/);
    expect(get(server, 'Job', SYSTEM, 'data-move-joes-1')!.status).toMatchObject({ active: 1 });

    setTimeout(() => server.status.ready({ kind: 'Job', namespace: SYSTEM, name: 'data-move-joes-1' }), 50);
    const report = await upgradeTenantTier(client, free, 'joes', 'professional', options());
    expect(report.steps.find((s) => s.name === 'data-move')).toMatchObject({ state: 'done', detail: expect.stringMatching(/^Job mechanicbuddy-system\/data-move-joes-1 complete/) });
    expect(get(server, 'Job', SYSTEM, 'data-move-joes-2')).toBeUndefined();
    expect((await readRecord(client, 'joes'))?.dataMoveJobs).toEqual(['data-move-joes-1']);
  });

  it('a data-move pod the system namespace quota would refuse is caught before the Job is created', async () => {
    const { server, client } = await cluster();
    server.store.put({
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute-and-storage', namespace: SYSTEM },
      spec: { hard: { 'limits.cpu': '8', pods: '10' } },
      status: { hard: { 'limits.cpu': '8', pods: '10' }, used: { 'limits.cpu': '7500m', pods: '6' } },
    });
    const error = await failure(upgradeTenantTier(client, free, 'joes', 'professional', options()));
    expect(error.step).toBe('data-move');
    expect(error.message).toMatch(/Job mechanicbuddy-system\/data-move-joes-1 would not fit ResourceQuota mechanicbuddy-system\/compute-and-storage \(limits\.cpu 7500m used of 8, the pod needs 1\); wait for a rollout in mechanicbuddy-system to finish, or raise the quota/);
    expect(error.report.failure?.wayOut).toMatch(/^fix the cause and run the same command again: it starts a new attempt/);
    expect(get(server, 'Job', SYSTEM, 'data-move-joes-1')).toBeUndefined();
  });

  it('the platform file is the source of truth: a finished move it does not record yet is recorded on the next run', async () => {
    const { server, client } = await cluster();
    const first = await upgradeTenantTier(client, free, 'joes', 'professional', options({ recordTier: undefined }));
    expect(first.steps.at(-1)).toMatchObject({ name: 'record', state: 'done', detail: 'platform file not written (library call without recordTier)' });
    server.requests.clear();
    const opts = options();
    const again = await upgradeTenantTier(client, free, 'joes', 'professional', opts);
    expect(again.steps.map((s) => `${s.name}:${s.state}`)).toEqual(['provision:already-done', 'database:already-done', 'data-move:already-done', 'routing:already-done', 'record:done']);
    expect(opts.recorded).toBe(1);
    expect(server.requests.writes().map((r) => r.path)).toEqual(['/api/v1/namespaces/mechanicbuddy-system/configmaps/tier-upgrade-joes']);
  });

  it('an unreadable progress record is reported with its name and what to do', async () => {
    const { server, client } = await cluster();
    server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tier-upgrade-joes', namespace: SYSTEM }, data: { 'progress.json': '{ not json' } });
    const refusal = upgradeTenantTier(client, free, 'joes', 'professional', options());
    await expect(refusal).rejects.toThrow(/ConfigMap mechanicbuddy-system\/tier-upgrade-joes key progress\.json is not JSON .*; fix or delete it, then run again/);
    // A user-facing refusal (exit 2), not an internal error.
    await expect(refusal).rejects.toMatchObject({ exitCode: ExitCode.BAD_INPUT });
  });

  it('with clusters declared, the move stays on the free tier\'s (home) cluster; a full home cluster is refused before any write', async () => {
    const { server, client } = await cluster();
    const fleet = definePlatform({ clusters: [{ name: 'home', maxTenants: 2 }, { name: 'eu-1' }], tenants: [{ id: 'acme', name: 'ACME', tier: 'professional' }, { id: 'joes', name: "Joe's Garage", tier: 'free' }] });
    const report = await upgradeTenantTier(client, fleet, 'joes', 'professional', options());
    expect(report.outcome).toBe('upgraded');
    expect(platformUnits(upgradedPlatform(fleet, 'joes', 'professional')).find((u) => u.name === 'tenant-joes')?.cluster).toBe('home');
    // The record step pins it where it moved: the client's (home) cluster.
    expect(report.steps.at(-1)?.detail).toBe('platform file: tenant joes tier professional, cluster home');

    const full = definePlatform({ clusters: [{ name: 'home', maxTenants: 1 }, { name: 'eu-1' }], tenants: [{ id: 'acme', name: 'ACME', tier: 'professional' }, { id: 'bob', name: 'Bob', tier: 'free' }] });
    server.requests.clear();
    const error = await upgradeTenantTier(client, full, 'bob', 'professional', options()).then(() => undefined, (e: unknown) => e as Error & { exitCode: number });
    expect(error?.exitCode).toBe(ExitCode.BAD_INPUT);
    expect(error?.message).toBe('tenant bob would be placed on cluster eu-1, but its data is in the free tier on cluster home, and the data-move Job needs both databases on one cluster; make room for one more dedicated tenant on home (clusters[].maxTenants) and run again');
    expect(server.requests.writes()).toEqual([]);
  });

  it('--dry-run writes nothing and lists what would run', async () => {
    const { server, client } = await cluster();
    const report = await upgradeTenantTier(client, free, 'joes', 'professional', options({ dryRun: true }));
    expect(report.outcome).toBe('dry-run');
    expect(report.steps.map((s) => s.state)).toEqual(MOVE_STEPS.map(() => 'would-run'));
    expect(server.requests.writes()).toEqual([]);
  });
});

describe('--finalize', () => {
  it('never runs while the move fails; drops the shared schema once it succeeded, then does nothing', async () => {
    const { server, client, firstRules: [failing] } = await cluster([{ kind: 'Job', name: /^data-move-joes-/, afterMs: 1, outcome: 'failed' }]);
    const error = await failure(upgradeTenantTier(client, free, 'joes', 'professional', options({ finalize: true })));
    expect(error.step).toBe('data-move');
    expect(error.report.steps.at(-1)).toEqual({ name: 'finalize', state: 'pending', detail: 'not reached' });
    expect(server.requests.writes().some((r) => r.path.includes('drop-schema'))).toBe(false);

    failing.remove();
    server.requests.clear();
    const report = await upgradeTenantTier(client, free, 'joes', 'professional', options({ finalize: true }));
    expect(report.outcome).toBe('upgraded');
    expect(report.steps.map((s) => `${s.name}:${s.state}`)).toEqual(['provision:already-done', 'database:already-done', 'data-move:done', 'routing:done', 'record:done', 'finalize:done']);
    expect((await readRecord(client, 'joes'))?.finalized?.detail).toMatch(/schema tenant_joes dropped from the shared database/);
    const writes = server.requests.writes();
    const at = (method: string, path: RegExp) => writes.findIndex((r) => r.method === method && path.test(r.path));
    const drop = at('PATCH', /\/jobs\/drop-schema-joes$/);
    expect(drop).toBeGreaterThan(at('PATCH', /\/jobs\/data-move-joes-2$/));
    expect(drop).toBeGreaterThan(at('PATCH', /\/ingresses\/mechanicbuddy$/));
    expect(writes.filter((r) => r.path.endsWith('/jobs/drop-schema-joes')).map((r) => r.method)).toEqual(['PATCH', 'DELETE']);
    expect(get(server, 'Job', SYSTEM, 'data-move-joes-1')).toBeUndefined();
    expect(get(server, 'NetworkPolicy', 'tenant-joes', 'allow-data-move-from-system')).toBeUndefined();

    server.requests.clear();
    const again = await upgradeTenantTier(client, upgradedPlatform(free, 'joes', 'professional'), 'joes', 'professional', options({ finalize: true }));
    expect(again.outcome).toBe('already-done');
    expect(again.steps.at(-1)).toMatchObject({ name: 'finalize', state: 'already-done' });
    expect(server.requests.writes()).toEqual([]);
  });

  it('a finalize stopped after the drop only cleans up when run again: it cannot verify against a dropped schema', async () => {
    const { server, client } = await cluster();
    await upgradeTenantTier(client, free, 'joes', 'professional', options());
    const fault = server.faults.add({ fault: { type: 'status', code: 503 }, match: { method: 'DELETE', path: /\/jobs\/data-move-joes-/ } });
    const error = await failure(upgradeTenantTier(client, upgradedPlatform(free, 'joes', 'professional'), 'joes', 'professional', options({ finalize: true })));
    expect(error.step).toBe('finalize');
    expect((await readRecord(client, 'joes'))?.dropped).toBeDefined();
    fault.remove();
    server.requests.clear();
    const report = await upgradeTenantTier(client, upgradedPlatform(free, 'joes', 'professional'), 'joes', 'professional', options({ finalize: true }));
    expect(report.steps.at(-1)).toMatchObject({ name: 'finalize', state: 'done' });
    // No new verification Job and no second drop: only the clean-up and the record.
    expect(server.requests.writes().filter((r) => r.method === 'PATCH' && /\/jobs\//.test(r.path))).toEqual([]);
    expect(get(server, 'Job', SYSTEM, 'data-move-joes-1')).toBeUndefined();
    expect((await readRecord(client, 'joes'))?.finalized).toBeDefined();
  });

  it('counts again before dropping: rows written on the free tier after the move stop it, and nothing is dropped', async () => {
    // Attempt 2 is the verification --finalize runs: the shared schema no longer matches.
    const { server, client } = await cluster([{ kind: 'Job', name: 'data-move-joes-2', afterMs: 5, outcome: 'failed' }]);
    await upgradeTenantTier(client, free, 'joes', 'professional', options());
    server.requests.clear();
    const error = await failure(upgradeTenantTier(client, upgradedPlatform(free, 'joes', 'professional'), 'joes', 'professional', options({ finalize: true })));
    expect(error.step).toBe('finalize');
    expect(error.report.failure?.wayOut).toMatch(/the shared schema tenant_joes changed since the move \(kubectl logs -n mechanicbuddy-system job\/data-move-joes-2\): rows written on the free tier after the move are only there; copy them over.*Nothing was dropped/);
    expect(server.requests.writes().some((r) => r.path.includes('drop-schema'))).toBe(false);
    expect((await readRecord(client, 'joes'))?.finalized).toBeUndefined();
  });

  it('refuses (exit 2) while the move is unfinished or the dedicated deployment is not ready; nothing is dropped', async () => {
    const { server, client } = await cluster();
    const noMove = await upgradeTenantTier(client, upgradedPlatform(free, 'joes', 'professional'), 'joes', 'professional', options({ finalize: true })).then(() => undefined, (e: unknown) => e as Error & { exitCode: number });
    expect(noMove?.exitCode).toBe(ExitCode.BAD_INPUT);
    expect(noMove?.message).toMatch(/refusing to --finalize tenant joes: it has no recorded move from the free tier/);

    await upgradeTenantTier(client, free, 'joes', 'professional', options());
    server.status.failed({ kind: 'Deployment', namespace: 'tenant-joes', name: 'api' });
    server.requests.clear();
    const notReady = await upgradeTenantTier(client, upgradedPlatform(free, 'joes', 'professional'), 'joes', 'professional', options({ finalize: true })).then(() => undefined, (e: unknown) => e as Error & { exitCode: number });
    expect(notReady?.exitCode).toBe(ExitCode.BAD_INPUT);
    expect(notReady?.message).toMatch(/the dedicated deployment is not ready \(Deployment tenant-joes\/api: failed\); the shared schema tenant_joes stays/);
    expect(server.requests.writes()).toEqual([]);
    expect(get(server, 'Job', SYSTEM, 'drop-schema-joes')).toBeUndefined();
  });
});

describe('professional <-> enterprise in place', () => {
  const dedicated = (tier: 'professional' | 'enterprise', storage?: string): Platform => definePlatform({ tenants: [{ id: 'acme', name: 'ACME', tier, ...(storage ? { database: { storage } } : {}) }] });

  it('scales up in place: instances, replicas, storage growth', async () => {
    const { server, client } = await cluster();
    await provisionTenant(client, definePlatform({}), { companyName: 'ACME', tier: 'professional', id: 'acme' }, { suppliedSecrets: SUPPLIED, pollIntervalMs: 5 });
    const opts = options();
    const report = await upgradeTenantTier(client, dedicated('professional'), 'acme', 'enterprise', opts);
    expect(report).toMatchObject({ path: 'in-place', outcome: 'upgraded' });
    expect(report.steps.map((s) => `${s.name}:${s.state}`)).toEqual(['storage:done', 'scale:done', 'record:done']);
    expect(get(server, 'Cluster', 'tenant-acme', 'tenant-acme-postgresql')!.spec).toMatchObject({ instances: 3, storage: { size: '200Gi' } });
    expect((get(server, 'Deployment', 'tenant-acme', 'api')!.spec as { replicas: number }).replicas).toBe(3);
    expect(opts.recorded).toBe(1);
  });

  it('--dry-run previews the scale-up on the server (dry-run requests only) and leaves the platform file alone', async () => {
    const { server, client } = await cluster();
    await provisionTenant(client, definePlatform({}), { companyName: 'ACME', tier: 'professional', id: 'acme' }, { suppliedSecrets: SUPPLIED, pollIntervalMs: 5 });
    server.requests.clear();
    const opts = options({ dryRun: true });
    const report = await upgradeTenantTier(client, dedicated('professional'), 'acme', 'enterprise', opts);
    expect(report.outcome).toBe('dry-run');
    expect(report.steps.map((s) => `${s.name}:${s.state}`)).toEqual(['storage:done', 'scale:done', 'record:would-run']);
    expect(report.changes?.find((c) => c.subject === 'Cluster tenant-acme/tenant-acme-postgresql')).toMatchObject({ action: 'configured', reason: 'dry-run' });
    expect(server.requests.writes().every((r) => r.query.dryRun === 'All')).toBe(true);
    expect(get(server, 'Cluster', 'tenant-acme', 'tenant-acme-postgresql')!.spec).toMatchObject({ instances: 2 });
    expect(opts.recorded).toBe(0);
  });

  it('a storage override keeps the volume: enterprise -> professional with database.storage 200Gi scales down the rest', async () => {
    const { server, client } = await cluster();
    await provisionTenant(client, definePlatform({}), { companyName: 'ACME', tier: 'enterprise', id: 'acme' }, { suppliedSecrets: SUPPLIED, pollIntervalMs: 5 });
    const report = await upgradeTenantTier(client, dedicated('enterprise', '200Gi'), 'acme', 'professional', options());
    expect(report.steps[0]).toMatchObject({ name: 'storage', detail: 'database storage 200Gi -> 200Gi: no shrink' });
    expect(get(server, 'Cluster', 'tenant-acme', 'tenant-acme-postgresql')!.spec).toMatchObject({ instances: 2, storage: { size: '200Gi' } });
  });

  it('tenant update guards the same way: a shared tenant is pointed at tenant upgrade, a move back into the shared tier and a shrink are refused; nothing is written', async () => {
    const { server, client } = await cluster();
    const moving = await updateTenant(client, free, 'joes', { tier: 'professional' }).then(() => undefined, (e: unknown) => e as Error & { exitCode: number });
    expect(moving?.exitCode).toBe(ExitCode.BAD_INPUT);
    expect(moving?.message).toBe('tenant joes lives in the shared free tier, with no deployment of its own to update; run `saas-charts tenant upgrade joes --tier professional` to move it and its data to one');
    const downgrade = await updateTenant(client, dedicated('professional'), 'acme', { tier: 'free' }).then(() => undefined, (e: unknown) => e as Error & { exitCode: number });
    expect(downgrade?.exitCode).toBe(ExitCode.BAD_INPUT);
    expect(downgrade?.message).toBe('tenant acme runs its own deployment and database; --tier free would make it a shared free-tier tenant, and its data cannot move back into the shared database. Keep it dedicated: set placement: dedicated on its entry in the platform file, then run the same command');
    const shrink = await updateTenant(client, dedicated('enterprise'), 'acme', { tier: 'professional' }).then(() => undefined, (e: unknown) => e as Error & { exitCode: number });
    expect(shrink?.exitCode).toBe(ExitCode.BAD_INPUT);
    expect(shrink?.message).toMatch(/^tenant acme: --tier professional would shrink the database storage from 200Gi \(current\) to 50Gi/);
    expect(server.requests.writes()).toEqual([]);
  });

  it('refuses a storage shrink with both sizes and what to do instead; nothing is written', async () => {
    const { server, client } = await cluster();
    const error = await upgradeTenantTier(client, dedicated('enterprise'), 'acme', 'professional', options()).then(() => undefined, (e: unknown) => e as Error & { exitCode: number });
    expect(error?.exitCode).toBe(ExitCode.BAD_INPUT);
    expect(error?.message).toMatch(/--tier professional would shrink the database storage from 200Gi \(current\) to 50Gi \(professional\)/);
    expect(error?.message).toMatch(/Nothing was applied\. Instead: keep the volume by setting tenants\[id=acme\]\.database\.storage: 200Gi/);
    expect(server.requests.writes()).toEqual([]);
  });
});
