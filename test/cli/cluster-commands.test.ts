/**
 * `--output json` shapes and exit codes of the commands that talk to a cluster, run
 * in-process against the fake API server (the CLI is async, so the server keeps answering).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';
import { cli, json, type InProcessRun } from './in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'saas-charts-cluster-cli-json-'));
const platform = join(dir, 'platform.yaml');
const secrets = join(dir, 'secrets.yaml');
const missingKubeconfig = join(dir, 'no-kubeconfig');
let server: FakeApiServer;
let kubeconfig: string;

const SECRET_VALUE = 're_cluster_cli_value';
const READY_KINDS = ['Deployment', 'Job', 'Cluster', 'Certificate', 'StatefulSet', 'PersistentVolumeClaim'];

beforeAll(async () => {
  server = await startFakeApiServer();
  for (const kind of READY_KINDS) server.autoAdvance({ kind, afterMs: 5 });
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig());
  writeFileSync(platform, 'tenants:\n  - { id: acme, name: ACME, tier: professional }\n');
  writeFileSync(secrets, `email-credentials/api-key: ${SECRET_VALUE}\n`);
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const on = (...args: string[]) => cli([...args, '--platform', platform, '--kubeconfig', kubeconfig]);
const noSecretIn = (run: InProcessRun) => expect(run.stdout + run.stderr).not.toContain(SECRET_VALUE);

interface Change { subject: string; action: string; reason?: string }
interface ChangesReport { dryRun: boolean; instances: { instance: string; applySet?: string; changes: Change[] }[] }

describe('cluster commands: --output json', () => {
  it('apply --dry-run: every object would be created, nothing written, no progress with json', async () => {
    const run = await on('apply', 'tenant-acme', '--dry-run', '--secrets-file', secrets, '--output', 'json');
    expect(run.code).toBe(0);
    const report = json<ChangesReport>(run);
    expect(report.dryRun).toBe(true);
    expect(report.instances.map((i) => i.instance)).toEqual(['tenant-acme']);
    expect(report.instances[0].applySet).toMatch(/^applyset-/);
    expect(report.instances[0].changes.length).toBeGreaterThan(10);
    expect(report.instances[0].changes.every((c) => c.action === 'created')).toBe(true);
    expect(run.stderr).toBe('dry-run: nothing was written; run the same command without --dry-run to apply (add --diff to see field changes)\n');
    noSecretIn(run);
  });

  it('apply: created objects, and a second apply changes nothing', async () => {
    const run = await on('apply', 'tenant-acme', '--secrets-file', secrets, '--output', 'json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const first = json<ChangesReport>(run);
    expect(first.dryRun).toBe(false);
    expect(first.instances[0].changes).toContainEqual({ subject: 'Namespace tenant-acme', action: 'created' });
    const again = json<ChangesReport>(await on('apply', 'tenant-acme', '--secrets-file', secrets, '--output', 'json'));
    expect(again.instances[0].changes.filter((c) => c.action !== 'unchanged')).toEqual([]);
    noSecretIn(run);
  });

  it('diff: no pending change after apply', async () => {
    const run = await on('diff', 'tenant-acme', '--output', 'json');
    expect(run.code).toBe(0);
    expect(json<{ instances: { instance: string; changes: Change[] }[] }>(run)).toEqual({ instances: [{ instance: 'tenant-acme', changes: [] }] });
  });

  it('status: every object with its state and message', async () => {
    const run = await on('status', 'tenant-acme', '--output', 'json');
    expect(run.code).toBe(0);
    const { instances } = json<{ instances: { instance: string; objects: { subject: string; state: string; message: string }[] }[] }>(run);
    expect(instances[0].instance).toBe('tenant-acme');
    expect(instances[0].objects.map((o) => o.subject)).toContain('Deployment tenant-acme/api');
    expect(instances[0].objects.filter((o) => o.state !== 'ready')).toEqual([]);
  });

  it('secrets: every declared key present, never a value', async () => {
    const run = await on('secrets', 'tenant-acme', '--output', 'json');
    expect(run.code).toBe(0);
    const { secrets: rows } = json<{ secrets: { secret: string; key: string; present: boolean }[] }>(run);
    expect(rows.find((row) => row.key === 'api-key')).toMatchObject({ secret: 'tenant-acme/email-credentials', present: true });
    expect(rows.every((row) => row.present)).toBe(true);
    noSecretIn(run);
  });

  it('tenant status: one line per component', async () => {
    const run = await on('tenant', 'status', 'acme', '--output', 'json');
    expect(run.code).toBe(0);
    const report = json<{ tenant: string; components: { component: string; state: string; subject: string }[] }>(run);
    expect(report.tenant).toBe('acme');
    expect(report.components.length).toBeGreaterThan(2);
    expect(report.components.filter((c) => c.state !== 'ready')).toEqual([]);
  });

  it('tenant update: the changes of a new image tag', async () => {
    const run = await on('tenant', 'update', 'acme', '--image-tag', 'v1.2.3', '--secrets-file', secrets, '--output', 'json');
    expect(run.code).toBe(0);
    const report = json<{ tenant: string; changes: Change[] }>(run);
    expect(report.tenant).toBe('acme');
    expect(report.changes).toContainEqual(expect.objectContaining({ subject: 'Deployment tenant-acme/api', action: 'configured' }));
    expect(readFileSync(platform, 'utf8')).toContain('v1.2.3');
  });

  it('tenant provision: id, URLs, resources and timed steps; recorded in the platform file', async () => {
    const run = await on('tenant', 'provision', '--name', 'Rapid Fix', '--id', 'rapidfix', '--tier', 'professional', '--secrets-file', secrets, '--output', 'json');
    expect(run.code).toBe(0);
    const result = json<{ tenantId: string; namespace: string; urls: { app: string; api: string }; resources: { apiReplicas: number }; log: { step: string; seconds: number }[] }>(run);
    expect(result).toMatchObject({ tenantId: 'rapidfix', namespace: 'tenant-rapidfix', urls: { app: 'https://rapidfix.mechanicbuddy.app', api: 'https://rapidfix.mechanicbuddy.app/api' } });
    expect(result.resources.apiReplicas).toBeGreaterThan(0);
    expect(result.log.map((entry) => entry.step)).toEqual(expect.arrayContaining(['validate', 'render', 'workloads']));
    expect(run.stderr).toBe('');
    expect(readFileSync(platform, 'utf8')).toContain('id: rapidfix');
    noSecretIn(run);
  });

  it('tenant deprovision --purge --dry-run: lists the namespace and database too, needs no --yes, writes nothing', async () => {
    const deployments = server.store.list('Deployment', { namespace: 'tenant-rapidfix' }).length;
    expect(deployments).toBeGreaterThan(0);
    server.requests.clear();
    const run = await on('tenant', 'deprovision', 'rapidfix', '--purge', '--dry-run', '--output', 'json');
    expect(run.code).toBe(0);
    const report = json<{ tenant: string; dryRun: boolean; changes: Change[] }>(run);
    expect(report).toMatchObject({ tenant: 'rapidfix', dryRun: true });
    expect(report.changes).toContainEqual({ subject: 'Namespace tenant-rapidfix', action: 'deleted', reason: 'dry-run' });
    expect(report.changes).toContainEqual({ subject: 'Cluster tenant-rapidfix/tenant-rapidfix-postgresql', action: 'deleted', reason: 'dry-run' });
    expect(report.changes).toContainEqual({ subject: 'Deployment tenant-rapidfix/api', action: 'deleted', reason: 'dry-run' });
    // Every write was a server-side dry-run, and everything is still there.
    const writes = server.requests.writes();
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.filter((request) => request.query.dryRun !== 'All')).toEqual([]);
    expect(server.store.list('Deployment', { namespace: 'tenant-rapidfix' })).toHaveLength(deployments);
    expect(server.store.list('Namespace').map((namespace) => (namespace.metadata as { name: string }).name)).toContain('tenant-rapidfix');
    expect(run.stderr).toBe('dry-run: nothing was deleted; run the same command without --dry-run and with --yes to deprovision\n');
  });

  it('tenant deprovision: workloads deleted, data kept', async () => {
    const run = await on('tenant', 'deprovision', 'rapidfix', '--output', 'json');
    expect(run.code).toBe(0);
    const report = json<{ tenant: string; dryRun: boolean; changes: Change[] }>(run);
    expect(report).toMatchObject({ tenant: 'rapidfix', dryRun: false });
    expect(report.changes).toContainEqual(expect.objectContaining({ subject: 'Deployment tenant-rapidfix/api', action: 'deleted' }));
    expect(report.changes).toContainEqual(expect.objectContaining({ subject: 'Namespace tenant-rapidfix', action: 'skipped' }));
    expect(run.stderr).toContain('run `saas-charts tenant deprovision rapidfix --purge --yes` to delete its data');
  });

  it('brick deploy --apply: the files written and the changes applied', async () => {
    const bricks = join(dir, 'bricks.yaml');
    writeFileSync(bricks, 'bricks:\n  instances: []\n');
    const run = await cli(['brick', 'deploy', '--customer', 'acme', '--app', 'suitecrm', '--platform', bricks, '--out', join(dir, 'bricks-dist'), '--apply', '--kubeconfig', kubeconfig, '--output', 'json']);
    expect(run.code).toBe(0);
    const report = json<{ action: string; written: string[]; applied: { instance: string; changes: Change[] } }>(run);
    expect(report.action).toBe('deploy');
    expect(report.written).toContain('bricks/acme-suitecrm.k8s.yaml');
    expect(report.applied.instance).toBe('acme-suitecrm');
    expect(report.applied.changes).toContainEqual(expect.objectContaining({ subject: 'Ingress acme-suitecrm/suitecrm', action: 'created' }));
  });

  it('delete: deleted workloads, kept data holders, and what to do to delete them', async () => {
    const run = await on('delete', 'tenant-acme', '--output', 'json');
    expect(run.code).toBe(0);
    const report = json<ChangesReport>(run);
    expect(report).toMatchObject({ dryRun: false, instances: [{ instance: 'tenant-acme' }] });
    expect(report.instances[0].changes).toContainEqual({ subject: 'Namespace tenant-acme', action: 'skipped', reason: 'holds data; pass --purge to delete it' });
    expect(report.instances[0].changes).toContainEqual(expect.objectContaining({ subject: 'Deployment tenant-acme/api', action: 'deleted' }));
    expect(run.stderr).toContain('run the same command with --purge --yes');
  });
});

describe('cluster commands: exit codes', () => {
  const everyCommand: readonly (readonly string[])[] = [
    ['apply', 'tenant-acme'], ['delete', 'tenant-acme'], ['diff', 'tenant-acme'], ['status', 'tenant-acme'], ['secrets', 'tenant-acme'],
    ['tenant', 'status', 'acme'], ['tenant', 'deprovision', 'acme'], ['tenant', 'update', 'acme', '--tier', 'enterprise'],
    ['tenant', 'provision', '--name', 'Zed', '--tier', 'professional', '--no-save'],
  ];

  it('3 when the cluster cannot be reached (here: no kubeconfig), naming the file', async () => {
    const copy = join(dir, 'exit3.yaml');
    writeFileSync(copy, 'tenants:\n  - { id: acme, name: ACME, tier: professional }\n');
    for (const args of everyCommand) {
      const run = await cli([...args, '--platform', copy, '--kubeconfig', missingKubeconfig, '--output', 'json']);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 3, stdout: '' });
      expect(run.stderr).toContain(`cannot load the kubeconfig ${missingKubeconfig}`);
    }
    const brick = join(dir, 'exit3-bricks.yaml');
    writeFileSync(brick, 'bricks:\n  instances: []\n');
    const run = await cli(['brick', 'deploy', '--customer', 'acme', '--app', 'suitecrm', '--platform', brick, '--out', join(dir, 'exit3-dist'), '--apply', '--kubeconfig', missingKubeconfig]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('but the cluster is not: fix the error below; then run `saas-charts apply acme-suitecrm`');
  });

  it('2 on bad input, before the cluster is asked', async () => {
    const bad: readonly (readonly string[])[] = [
      ['apply', '--timeout', '0'], ['apply', '--output', 'xml'], ['apply', 'nobody'], ['delete'], ['delete', 'tenant-acme', '--purge'],
      ['diff', '--output', 'xml'], ['status', '--output', 'xml'], ['secrets', '--output', 'xml'], ['apply', '--quiet', '--verbose'],
      ['tenant', 'provision', '--name', 'Zed', '--tier', 'gold'], ['tenant', 'update', 'acme'], ['tenant', 'status'],
      ['tenant', 'deprovision', 'acme', '--purge'], ['apply', '--secrets-file', join(dir, 'nope.yaml')],
    ];
    const before = server.requests.writes().length;
    for (const args of bad) {
      const run = await on(...args);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr).not.toBe('');
    }
    expect(server.requests.writes().length).toBe(before);
  });

  it('1 when an operation fails (a migration Job that fails), with the failed object named', async () => {
    const failing = await startFakeApiServer();
    try {
      failing.autoAdvance({ kind: 'Job', afterMs: 5, outcome: 'failed' });
      for (const kind of READY_KINDS) failing.autoAdvance({ kind, afterMs: 5 });
      const config = join(dir, 'failing-kubeconfig');
      writeFileSync(config, failing.kubeconfig());
      const run = await cli(['apply', 'tenant-acme', '--platform', platform, '--kubeconfig', config, '--secrets-file', secrets, '--output', 'json']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: Job tenant-acme\/db-migration failed/);
    } finally {
      await failing.stop();
    }
  });
});

describe('cluster commands: progress and --quiet', () => {
  it('apply on a terminal: one updating line on stderr, cleared before the result', async () => {
    const run = await cli(['apply', 'tenant-acme', '--platform', platform, '--kubeconfig', kubeconfig, '--secrets-file', secrets], { tty: true, env: { NO_COLOR: '1' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('\r\u001b[2K  stage workloads (');
    expect(run.stderr).not.toContain('\n');
    expect(run.stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(run.stdout).toMatch(/^tenant-acme:\n/);
  });

  it('apply off a terminal: a plain line per stage and wait, no escape codes', async () => {
    const run = await on('apply', 'tenant-acme', '--secrets-file', secrets);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^ {2}stage namespaces and definitions \(\d+ objects?\)\n/);
    expect(run.stderr).toMatch(/^ {2}stage workloads \(\d+ objects\)$/m);
    expect(run.stderr).not.toContain('\u001b');
  });

  it('--verbose: the platform file and the cluster used, on stderr', async () => {
    const run = await on('status', 'tenant-acme', '--verbose', '--output', 'json');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^cluster https?:\/\/127\.0\.0\.1:\d+\n/m);
    expect(run.stderr).toMatch(/^read .*platform\.yaml \(\d+ tenants\) in \d+ ms$/m);
    expect(json<{ instances: unknown[] }>(run).instances).toHaveLength(1);
  });

  it('--quiet: nothing on stdout or stderr on success, for every cluster command', async () => {
    const runs = [
      ['apply', 'tenant-acme', '--secrets-file', secrets], ['diff', 'tenant-acme'], ['status', 'tenant-acme'], ['secrets', 'tenant-acme'],
      ['tenant', 'status', 'acme'], ['delete', 'tenant-acme'],
    ];
    for (const args of runs) {
      const run = await on(...args, '--quiet');
      expect({ args, ...run }).toEqual({ args, code: 0, stdout: '', stderr: '' });
    }
  });
});
