/** examples/ runs as a user would run it: a child process using the compiled library. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliRun } from './support/cli.js';
import { startFakeApiServer, type FakeApiServer } from './support/fake-api-server/index.js';
import { REPO_ROOT } from './support/fleet.js';

const EXAMPLE = join(REPO_ROOT, 'examples', 'provision-tenant.mjs');
const dir = mkdtempSync(join(tmpdir(), 'saas-charts-examples-'));
let server: FakeApiServer;
let kubeconfig: string;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'lib', 'src', 'index.js'))) throw new Error('lib/ is missing: run "npm run build" (npm test does it)');
  server = await startFakeApiServer();
  for (const kind of ['Deployment', 'Job', 'Cluster', 'Certificate']) server.autoAdvance({ kind, afterMs: 0 });
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig());
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the example without blocking this process: the fake API server lives here. */
function runExample(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SAAS_CHARTS_SECRET_') && name !== 'EXAMPLE_KUBECONFIG' && name !== 'KUBECONFIG'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [EXAMPLE, ...args], { cwd: dir, env: { ...inherited, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('examples/provision-tenant.mjs', () => {
  it('provisions a tenant against the API server of its kubeconfig and prints its URLs', async () => {
    const run = await runExample(['Rapid Fix Garage', 'professional'], { EXAMPLE_KUBECONFIG: kubeconfig, SAAS_CHARTS_SECRET_EMAIL_CREDENTIALS_API_KEY: 'x' });
    expect(run.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('    waiting for'))).toEqual([]);
    expect(run.code).toBe(0);
    const id = /^tenant: (rapid-fix-garage-[0-9a-f]{6}) \(professional\)$/m.exec(run.stdout)?.[1];
    expect(id, run.stdout).toBeDefined();
    expect(run.stdout).toMatch(/^rendered: \d+ objects$/m);
    expect(run.stdout).toMatch(new RegExp(`^provisioned: namespace tenant-${id} in \\d+\\.\\d s$`, 'm'));
    expect(run.stdout).toContain(`\napp: https://${id}.mechanicbuddy.app\napi: https://${id}.mechanicbuddy.app/api\n`);
    expect(server.store.get({ kind: 'Deployment', namespace: `tenant-${id}`, name: 'api' })).toBeDefined();
    expect(server.store.get({ kind: 'Secret', namespace: `tenant-${id}`, name: 'email-credentials' })).toMatchObject({ data: { 'api-key': Buffer.from('x').toString('base64') } });
  });

  it('refuses to provision while a supplied secret is missing, and writes no workload', async () => {
    const run = await runExample(['No Secrets Inc', 'professional'], { EXAMPLE_KUBECONFIG: kubeconfig });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('email-credentials');
    const id = /^tenant: (no-secrets-inc-[0-9a-f]{6})/m.exec(run.stdout)?.[1];
    expect(server.store.get({ kind: 'Deployment', namespace: `tenant-${id}`, name: 'api' })).toBeUndefined();
  });

  it('without a kubeconfig validates and renders only; a bad request is an error naming the field', async () => {
    const preview = await runExample(['Preview Motors', 'enterprise'], {});
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/^tenant: preview-motors-[0-9a-f]{6} \(enterprise\)\nrendered: \d+ objects\nno EXAMPLE_KUBECONFIG: rendered only, nothing applied\n$/);
    const bad = await runExample(['Gold Plated', 'gold'], {});
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('tier: "gold" is not one of demo, free, professional, enterprise');
  });
});
