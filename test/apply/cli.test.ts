/** The cluster commands as a user runs them, against the fake API server. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../support/cli.js';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';

const dir = mkdtempSync(join(tmpdir(), 'saas-charts-cluster-cli-'));
let server: FakeApiServer;
let kubeconfig: string;
const platform = join(dir, 'platform.yaml');
const secrets = join(dir, 'secrets.yaml');

beforeAll(async () => {
  server = await startFakeApiServer();
  for (const kind of ['Deployment', 'Job', 'Cluster', 'Certificate', 'StatefulSet', 'PersistentVolumeClaim']) server.autoAdvance({ kind, afterMs: 5 });
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig());
  writeFileSync(platform, 'tenants:\n  - { id: acme, name: ACME, tier: professional }\n');
  writeFileSync(secrets, 'email-credentials/api-key: re_cli_key\n');
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCliAsync([...args, '--platform', platform, '--kubeconfig', kubeconfig]);

describe('cluster commands', () => {
  it('apply --dry-run writes nothing and says what would be created (json)', async () => {
    const run = await cli('apply', 'tenant-acme', '--dry-run', '--secrets-file', secrets, '--output', 'json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.dryRun).toBe(true);
    expect(report.instances[0].instance).toBe('tenant-acme');
    expect(report.instances[0].changes.every((c: { action: string }) => c.action === 'created')).toBe(true);
    expect(server.requests.writes().filter((r) => r.query.dryRun === undefined)).toEqual([]);
  });

  it('apply, then apply again: everything unchanged; status ready; secrets present; diff empty', async () => {
    const first = await cli('apply', 'tenant-acme', '--secrets-file', secrets);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^tenant-acme:\n {2}created {4}Namespace tenant-acme\n/);
    const again = await cli('apply', 'tenant-acme', '--secrets-file', secrets, '--output', 'json');
    expect(JSON.parse(again.stdout).instances[0].changes.map((c: { action: string }) => c.action)).not.toContain('configured');
    const status = JSON.parse((await cli('status', 'tenant-acme', '--output', 'json')).stdout);
    expect(status.instances[0].objects.filter((o: { state: string }) => o.state !== 'ready')).toEqual([]);
    const secretRows = JSON.parse((await cli('secrets', 'tenant-acme', '--output', 'json')).stdout).secrets;
    expect(secretRows.every((row: { present: boolean }) => row.present)).toBe(true);
    expect(JSON.stringify(secretRows)).not.toContain('re_cli_key');
    expect(JSON.parse((await cli('diff', 'tenant-acme', '--output', 'json')).stdout).instances[0].changes).toEqual([]);
  });

  it('delete keeps data, and --purge needs --yes off a terminal', async () => {
    const refused = await cli('delete', 'tenant-acme', '--purge');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--purge deletes data: Namespace tenant-acme');
    const run = await cli('delete', 'tenant-acme');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('skipped    Namespace tenant-acme (holds data; pass --purge to delete it)');
    expect(server.store.get({ kind: 'Namespace', name: 'tenant-acme' })).toBeDefined();
  });

  it('brick deploy/pause/delete --apply: paused brick at 0 replicas without Ingress, deleted brick keeps its volumes', async () => {
    const bricks = join(dir, 'bricks.yaml');
    writeFileSync(bricks, 'bricks:\n  instances: []\n');
    const out = join(dir, 'bricks-dist');
    const brick = (...args: string[]) => runCliAsync(['brick', ...args, '--customer', 'acme', '--app', 'suitecrm', '--platform', bricks, '--out', out, '--apply', '--kubeconfig', kubeconfig]);
    expect((await brick('deploy')).code).toBe(0);
    expect(server.store.get({ kind: 'Ingress', namespace: 'acme-suitecrm', name: 'suitecrm' })).toBeDefined();
    const paused = await brick('pause');
    expect(paused.code).toBe(0);
    expect(paused.stdout).toContain('deleted    Ingress acme-suitecrm/suitecrm');
    expect((server.store.get({ kind: 'Deployment', namespace: 'acme-suitecrm', name: 'suitecrm' }) as { spec: { replicas: number } }).spec.replicas).toBe(0);
    expect((server.store.get({ kind: 'CronJob', namespace: 'acme-suitecrm', name: 'backup' }) as { spec: { suspend: boolean } }).spec.suspend).toBe(true);
    const deleted = await brick('delete', '--yes');
    expect(deleted.code).toBe(0);
    expect(server.store.get({ kind: 'Deployment', namespace: 'acme-suitecrm', name: 'suitecrm' })).toBeUndefined();
    expect(server.store.get({ kind: 'PersistentVolumeClaim', namespace: 'acme-suitecrm', name: 'crm-data' })).toBeDefined();
  });

  it('an unreachable cluster is exit code 3 with a clear message', async () => {
    const dead = join(dir, 'dead-kubeconfig');
    writeFileSync(dead, server.kubeconfig().replace(/127\.0\.0\.1:\d+/, '127.0.0.1:9'));
    const run = await runCliAsync(['status', 'tenant-acme', '--platform', platform, '--kubeconfig', dead]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: GET \/api\/v1: .*connect ECONNREFUSED.*\(after 5 attempts\)\nhint: check that the cluster is up and that the kubeconfig points at it \(--kubeconfig FILE, --context NAME, or \$KUBECONFIG\)\n$/);
  });

  it('a missing kubeconfig is exit code 3, naming the file', async () => {
    const run = await runCliAsync(['status', '--platform', platform, '--kubeconfig', join(dir, 'nope')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('cannot load the kubeconfig');
  });
});
