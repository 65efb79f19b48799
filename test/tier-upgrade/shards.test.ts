/** A free tenant on free-tier shard 2 upgraded to a dedicated tier: its host leaves its shard's Ingress, so only the dedicated Ingress routes it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyInstance } from '../../src/apply/apply.js';
import { ObjectClient } from '../../src/apply/objects.js';
import { upgradeTenantTier } from '../../src/apply/tier-upgrade/index.js';
import { connect } from '../../src/apply/transport.js';
import { definePlatform } from '../../src/platform/load.js';
import { renderForApply } from '../../src/synth/render.js';
import { platformUnits } from '../../src/synth/units.js';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';

const dir = mkdtempSync(join(tmpdir(), 'saas-charts-shard-upgrade-'));
let server: FakeApiServer | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const SUPPLIED = { 'email-credentials/api-key': 're_test_key', 'free-tier-database/dbname': 'app', 'free-tier-database/username': 'free_tier', 'free-tier-database/password': 'pw' };
const platform = definePlatform({
  freeTier: { maxTenants: 1, shards: 2 },
  tenants: [{ id: 'first', name: 'First', tier: 'free' }, { id: 'joes', name: "Joe's Garage", tier: 'free' }],
});
const hosts = (s: FakeApiServer, namespace: string) => ((s.store.get({ kind: 'Ingress', namespace, name: 'free-tier' }) as { spec: { rules: { host: string }[] } } | undefined)?.spec.rules ?? []).map((r) => r.host);

describe('tier upgrade from a free-tier shard', () => {
  it('drops the tenant\'s host from shard 2 and leaves shard 1 as it was', async () => {
    server = await startFakeApiServer({ namespaces: ['mechanicbuddy-system'], controllers: { jobs: true, cnpgAppSecrets: true } });
    for (const kind of ['Job', 'Deployment', 'Cluster', 'Certificate']) server.autoAdvance({ kind, afterMs: 5 });
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, server.kubeconfig());
    const client = new ObjectClient(await connect({ kubeconfig, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }));
    for (const unit of platformUnits(platform).filter((u) => u.kind === 'free-tier').map(renderForApply)) {
      await applyInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets }, { suppliedSecrets: SUPPLIED, wait: false });
    }
    expect(hosts(server, 'mechanicbuddy-free-tier')).toEqual(['first.mechanicbuddy.app']);
    expect(hosts(server, 'mechanicbuddy-free-tier-2')).toEqual(['joes.mechanicbuddy.app']);

    const report = await upgradeTenantTier(client, platform, 'joes', 'professional', { suppliedSecrets: SUPPLIED, pollIntervalMs: 5, recordTier: async () => true });
    expect(report.outcome).toBe('upgraded');
    expect(report.steps.find((s) => s.name === 'routing')?.detail).toContain('free-tier shards re-applied without the tenant (mechanicbuddy-free-tier, mechanicbuddy-free-tier-2)');
    expect(server.store.get({ kind: 'Ingress', namespace: 'mechanicbuddy-free-tier-2', name: 'free-tier' })).toBeUndefined();
    expect(hosts(server, 'mechanicbuddy-free-tier')).toEqual(['first.mechanicbuddy.app']);
    const dedicated = server.store.get({ kind: 'Ingress', namespace: 'tenant-joes', name: 'mechanicbuddy' }) as { spec: { rules: { host: string }[] } };
    expect(dedicated.spec.rules.map((r) => r.host)).toEqual(['joes.mechanicbuddy.app']);
  });
});
