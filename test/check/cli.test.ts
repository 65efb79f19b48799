import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'saas-charts-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('saas-charts check', () => {
  it('reports zero problems on the default platform, exit 0', () => {
    const run = runCli(['check']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^no problems in \d+ objects\n$/);
  });

  it('prints JSON for scripts', () => {
    const run = runCli(['check', '--output', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 0, findings: [] });
    expect(report.objects).toBeGreaterThan(100);
  });

  it('checks a folder of synthesized YAML and exits 1 on errors, grouped by file and object', () => {
    const out = join(root, 'dist');
    expect(runCli(['synth', '--out', out, '--quiet']).code).toBe(0);
    expect(runCli(['check', out]).code).toBe(0);
    const file = join(out, 'tenants', 'acme.k8s.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}replicas: 2$/m, '  replica: 2'));
    const run = runCli(['check', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('tenants/acme.k8s.yaml\n  Deployment tenant-acme/api\n    error   schema: unknown field "replica" (did you mean "replicas"?)\n            at spec.replica\n');
    expect(run.stderr).toBe('error: 1 error found; see the report above\n');
    const json = JSON.parse(runCli(['check', out, '--output', 'json']).stdout);
    expect(json.findings[0]).toMatchObject({ rule: 'schema', severity: 'error', file: 'tenants/acme.k8s.yaml', path: 'spec.replica', object: { kind: 'Deployment', name: 'api', namespace: 'tenant-acme' } });
  });

  it('answers bad input with exit 2: an invalid platform, a folder without manifests, a bad --output', () => {
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, 'tenants: [{ id: x, name: X, tier: gold }]\n');
    expect(runCli(['check', bad]).code).toBe(2);
    const empty = mkdtempSync(join(root, 'empty-'));
    const emptyRun = runCli(['check', empty]);
    expect(emptyRun.code).toBe(2);
    expect(emptyRun.stderr).toContain('no .yaml files in');
    const junk = mkdtempSync(join(root, 'junk-'));
    writeFileSync(join(junk, 'a.yaml'), 'hello: world\n');
    expect(runCli(['check', junk]).stderr).toContain('a.yaml[0]: not a Kubernetes object');
    expect(runCli(['check', '--output', 'xml']).code).toBe(2);
  });
});

describe('saas-charts synth runs the checks', () => {
  const fleet = (count: number) => stringify({ tenants: Array.from({ length: count }, (_, i) => ({ id: `t${i}`, name: `T${i}`, tier: 'professional' })) });

  it('reports warnings (here: Let\'s Encrypt\'s weekly limit) and still writes', () => {
    const platform = join(root, 'fleet.yaml');
    writeFileSync(platform, fleet(60));
    const out = join(root, 'fleet-out');
    const run = runCli(['synth', '--platform', platform, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning certificates/rate-limit: 62 certificates for mechanicbuddy.app');
    expect(run.stdout).toMatch(/^wrote 63 files/);
  });

  it('says so when --no-check skips them', () => {
    const out = join(root, 'unchecked');
    const run = runCli(['synth', '--no-check', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`warning: checks skipped (--no-check): the output was not validated; run \`saas-charts check ${out}/\` to check it\n`);
  });

  it('is also what `check` sees on the written folder', () => {
    const out = join(root, 'copy');
    expect(runCli(['synth', '--out', out, '--quiet']).code).toBe(0);
    const copy = join(root, 'copied');
    cpSync(out, copy, { recursive: true });
    expect(runCli(['check', copy]).stdout).toBe(runCli(['check']).stdout);
  });
});
