import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clusterFolders } from '../placement/cluster-folders.js';
import { runCliAsync } from '../support/cli.js';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';

const dir = mkdtempSync(join(tmpdir(), 'saas-charts-upgrade-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FLEET = `# our fleet
tenants:
  # a garage on the free plan
  - id: joes
    name: Joe's Garage
    tier: free # moves on Monday
  - { id: acme, name: ACME, tier: enterprise }
`;

describe('saas-charts tenant upgrade', () => {
  let server: FakeApiServer;
  let args: string[];
  let file: string;

  beforeEach(async () => {
    server = await startFakeApiServer({ namespaces: ['mechanicbuddy-system'], controllers: { jobs: true, cnpgAppSecrets: true } });
    for (const kind of ['Job', 'Deployment', 'Cluster', 'Certificate']) server.autoAdvance({ kind, afterMs: 5 });
    const kubeconfig = join(dir, `kubeconfig-${server.port}`);
    writeFileSync(kubeconfig, server.kubeconfig());
    file = join(dir, `platform-${server.port}.yaml`);
    writeFileSync(file, FLEET);
    const secrets = join(dir, `secrets-${server.port}.yaml`);
    writeFileSync(secrets, 'email-credentials/api-key: re_test_key\n');
    args = ['--platform', file, '--kubeconfig', kubeconfig, '--secrets-file', secrets];
  });
  afterEach(async () => server.stop());

  it('moves a free tenant, records the tier with the comments kept, and does nothing the second time', async () => {
    const run = await runCliAsync(['tenant', 'upgrade', 'joes', '--tier', 'professional', '-o', 'json', ...args]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { outcome: string; steps: { name: string; state: string }[] };
    expect(report.outcome).toBe('upgraded');
    expect(report.steps.map((s) => `${s.name}:${s.state}`)).toEqual(['provision:done', 'database:done', 'data-move:done', 'routing:done', 'record:done']);
    expect(readFileSync(file, 'utf8')).toBe(FLEET.replace('tier: free # moves on Monday', 'tier: professional # moves on Monday'));
    expect(run.stdout).not.toContain('re_test_key');

    server.requests.clear();
    const again = await runCliAsync(['tenant', 'upgrade', 'joes', '--tier', 'professional', ...args]);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe('tenant joes: already done (free -> professional); nothing written');
    expect(again.stdout).toMatch(/\n {2}data-move +already done +Job mechanicbuddy-system\/data-move-joes-1 complete/);
    expect(server.requests.writes()).toEqual([]);
  });

  it('with clusters: the tenant is pinned to the cluster it moved to (home, where the free tier is), and no other tenant changes folder', async () => {
    writeFileSync(file, [
      'clusters:', '  - { name: home, context: fake, maxTenants: 2 }', '  - { name: eu-1 }',
      'tenants:', '  - { id: bob, name: Bob, tier: free }', '  - { id: joes, name: Joe, tier: free }', '  - { id: acme, name: ACME, tier: enterprise }', '',
    ].join('\n'));
    const synth = async (name: string) => {
      const out = join(dir, `${name}-${server.port}`);
      expect((await runCliAsync(['synth', '--platform', file, '--out', out, '--quiet'])).code).toBe(0);
      return clusterFolders(out);
    };
    const before = await synth('before');
    expect(Object.fromEntries(before)).toEqual({ 'tenants/acme.k8s.yaml': 'home' });

    const run = await runCliAsync(['tenant', 'upgrade', 'joes', '--tier', 'professional', '-o', 'json', ...args]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { steps: { name: string; detail: string }[] };
    expect(report.steps.at(-1)?.detail).toBe('platform file: tenant joes tier professional, cluster home');
    // The upgrade applied joes through the home cluster's context; the file pins it there.
    expect(server.store.list('Namespace').map((ns) => (ns.metadata as { name: string }).name)).toContain('tenant-joes');
    const tenants = (parse(readFileSync(file, 'utf8')) as { tenants: { id: string; tier: string; cluster?: string }[] }).tenants;
    expect(tenants.find((t) => t.id === 'joes')).toMatchObject({ tier: 'professional', cluster: 'home' });
    const after = await synth('after');
    expect(Object.fromEntries(after)).toEqual({ 'tenants/acme.k8s.yaml': 'home', 'tenants/joes.k8s.yaml': 'home' });

    // Made dedicated by hand, bob (earlier in the file) takes a home seat; pinned, joes keeps its own.
    writeFileSync(file, readFileSync(file, 'utf8').replace('{ id: bob, name: Bob, tier: free }', '{ id: bob, name: Bob, tier: professional }'));
    expect((await synth('edited')).get('tenants/joes.k8s.yaml')).toBe('home');
  });

  it('exit 2 with a clear message: a storage shrink, --finalize before any move, a tier that is not an upgrade', async () => {
    const shrink = await runCliAsync(['tenant', 'upgrade', 'acme', '--tier', 'professional', ...args]);
    expect(shrink.code).toBe(2);
    expect(shrink.stderr).toMatch(/would shrink the database storage from 200Gi \(current\) to 50Gi \(professional\)/);
    const finalize = await runCliAsync(['tenant', 'upgrade', 'acme', '--tier', 'enterprise', '--finalize', ...args]);
    expect(finalize.code).toBe(2);
    expect(finalize.stderr).toMatch(/refusing to --finalize tenant acme: it has no recorded move from the free tier/);
    const tier = await runCliAsync(['tenant', 'upgrade', 'joes', '--tier', 'gold', ...args]);
    expect(tier.code).toBe(2);
    expect(tier.stderr).toMatch(/--tier "gold" is not one of professional, enterprise/);
    expect(server.requests.writes()).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(FLEET);
  });

  it('a failed data-move Job: the report names the step and the way out, exit 1', async () => {
    await server.stop();
    server = await startFakeApiServer({ namespaces: ['mechanicbuddy-system'], controllers: { jobs: true, cnpgAppSecrets: true }, port: server.port });
    server.autoAdvance({ kind: 'Job', name: 'data-move-joes-1', afterMs: 5, outcome: 'failed' });
    for (const kind of ['Job', 'Deployment', 'Cluster', 'Certificate']) server.autoAdvance({ kind, afterMs: 5 });
    const run = await runCliAsync(['tenant', 'upgrade', 'joes', '--tier', 'professional', ...args]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^tenant joes: free -> professional stopped at step "data-move"\n/);
    expect(run.stdout).toMatch(/\n {2}routing +pending +not reached/);
    expect(run.stdout).toMatch(/\n {2}way out: read the Job's log \(kubectl logs -n mechanicbuddy-system job\/data-move-joes-1\)/);
    expect(run.stderr).toMatch(/step "data-move" failed: Job mechanicbuddy-system\/data-move-joes-1 failed/);
    expect(readFileSync(file, 'utf8')).toBe(FLEET);
  });
});
