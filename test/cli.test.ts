import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { DEFAULT_PLATFORM_FILE } from './support/fleet.js';

const root = mkdtempSync(join(tmpdir(), 'saas-charts-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file under a folder with its content, for byte-for-byte comparisons. */
function snapshotTree(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(files.map((entry) => {
    const path = join(entry.parentPath, entry.name);
    return [relative(dir, path), readFileSync(path, 'utf8')];
  }).sort(([a], [b]) => a.localeCompare(b)));
}

describe('saas-charts synth', () => {
  it('writes the default platform and says what it wrote', () => {
    const out = join(root, 'default');
    const run = runCli(['synth', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote 14 files \(\d+ objects\) from platform\.yaml to .*default\/ in \d+\.\d\d s\n$/);
    expect(Object.keys(snapshotTree(out))).toEqual(expect.arrayContaining([
      'system/mechanicbuddy-system.k8s.yaml', 'free-tier/mechanicbuddy-free-tier.k8s.yaml', 'tenants/acme.k8s.yaml', '.saas-charts',
    ]));
  });

  it('gives the same bytes on every run and with any number of worker threads', () => {
    const one = join(root, 'one');
    const two = join(root, 'two');
    expect(runCli(['synth', '--out', one, '--workers', '1', '--quiet']).code).toBe(0);
    expect(runCli(['synth', '--out', two, '--workers', '2', '--quiet']).code).toBe(0);
    expect(snapshotTree(two)).toEqual(snapshotTree(one));
  });

  it('answers an invalid platform with the path of each problem, exit code 2, and leaves the output untouched', () => {
    const out = join(root, 'kept');
    expect(runCli(['synth', '--out', out, '--quiet']).code).toBe(0);
    const before = snapshotTree(out);
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, 'tenants:\n  - id: Acme_1\n    name: ACME\n    tier: gold\n');
    const run = runCli(['synth', '--platform', bad, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('tenants[0].id: "Acme_1" is not a DNS label');
    expect(run.stderr).toContain('tenants[0].tier: "gold" is not one of demo, free, professional, enterprise');
    expect(run.stderr).toMatch(/bad\.yaml:2:9 tenants\[0\]\.id/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(snapshotTree(out)).toEqual(before);
  });

  it('reports a missing platform file and bad flags with exit code 2', () => {
    const missing = runCli(['synth', '--platform', join(root, 'nope.yaml'), '--out', join(root, 'x')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.yaml: no such file/);
    const workers = runCli(['synth', '--workers', '0', '--out', join(root, 'x')]);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toContain('--workers "0" must be a whole number from 1 to 64');
    expect(runCli(['synthesize']).code).toBe(2);
  });

  it('refuses to replace a folder it did not write', () => {
    const foreign = join(root, 'foreign');
    expect(runCli(['synth', '--out', foreign, '--quiet']).code).toBe(0);
    writeFileSync(join(foreign, 'README.md'), 'mine');
    const run = runCli(['synth', '--out', foreign]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('holds files saas-charts did not write (README.md)');
    expect(readFileSync(join(foreign, 'README.md'), 'utf8')).toBe('mine');
  });
});

describe('saas-charts render and schema', () => {
  it('prints one tenant without writing anything', () => {
    const run = runCli(['render', 'acme', '--platform', DEFAULT_PLATFORM_FILE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('name: tenant-acme');
    expect(run.stdout).not.toContain('tenant-bigshop');
  });

  it('names the known instances when asked for an unknown one', () => {
    const run = runCli(['render', 'nobody']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no chart instance "nobody"; instances: mechanicbuddy-system, mechanicbuddy-free-tier, argocd, flux, helperiance-manager, tenant-acme');
  });

  it('prints the JSON Schema that platform.schema.json holds', () => {
    const run = runCli(['schema']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout);
    expect(schema.properties.tenants.items.required).toEqual(['id', 'name', 'tier']);
    expect(readFileSync(DEFAULT_PLATFORM_FILE.replace('platform.yaml', 'platform.schema.json'), 'utf8')).toBe(run.stdout);
  });

  it('documents exit codes and examples in --help', () => {
    const run = runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exit codes:');
    expect(run.stdout).toContain('2  bad input');
  });
});
