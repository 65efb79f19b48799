/** `--output json` shapes and exit codes of the commands that need no cluster, run in-process. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, json } from './in-process.js';

const root = mkdtempSync(join(tmpdir(), 'saas-charts-offline-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Finding { rule: string; severity: string; file: string | null; path: string | null; object: { kind: string; name: string; namespace?: string } }
interface CheckReport { ok: boolean; errors: number; warnings: number; objects: number; findings: Finding[] }

describe('synth', () => {
  it('--output json: what was written, where from, and the check summary', async () => {
    const out = join(root, 'synth-json');
    const run = await cli(['synth', '--out', out, '--output', 'json']);
    expect(run.code).toBe(0);
    const report = json<{ written: boolean; source: string; out: string; files: { path: string; objects: number }[]; objects: number; seconds: number; check: CheckReport }>(run);
    expect(report).toMatchObject({ written: true, source: 'platform.yaml', out, check: { ok: true, errors: 0, findings: [] } });
    expect(report.files.map((file) => file.path)).toEqual(expect.arrayContaining(['system/mechanicbuddy-system.k8s.yaml', 'tenants/acme.k8s.yaml']));
    expect(report.objects).toBe(report.files.reduce((sum, file) => sum + file.objects, 0));
    expect(report.check.objects).toBe(report.objects);
    for (const file of report.files) expect(existsSync(join(out, file.path)), file.path).toBe(true);
    expect(run.stderr).toBe('');
  });

  it('--output yaml carries the same report; the table is one line', async () => {
    const yaml = await cli(['synth', '--out', join(root, 'synth-yaml'), '--output', 'yaml']);
    expect(yaml.code).toBe(0);
    expect(parse(yaml.stdout)).toMatchObject({ written: true, source: 'platform.yaml', check: { ok: true } });
    const table = await cli(['synth', '--out', join(root, 'synth-table')]);
    expect(table.stdout).toMatch(/^wrote \d+ files \(\d+ objects\) from platform\.yaml to .*synth-table\/ in \d+\.\d\d s\n$/);
  });

  it('bad input exits 2: an unknown format (pointing at --out for folders), bad --workers, an invalid platform', async () => {
    const format = await cli(['synth', '-o', 'manifests']);
    expect(format).toMatchObject({ code: 2, stdout: '' });
    expect(format.stderr).toContain("argument 'manifests' is invalid. Use one of table, json, yaml (the output folder is --out DIR).");
    expect((await cli(['synth', '--workers', '0', '--out', join(root, 'x')])).code).toBe(2);
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, 'tenants:\n  - { id: Acme_1, name: A, tier: gold }\n');
    const invalid = await cli(['synth', '--platform', bad, '--out', join(root, 'x'), '--output', 'json']);
    expect(invalid).toMatchObject({ code: 2, stdout: '' });
    expect(invalid.stderr).toContain('tenants[0].id: "Acme_1" is not a DNS label');
  });
});

describe('check', () => {
  it('--output json: ok, counts and findings; exit 0 without errors', async () => {
    const run = await cli(['check', '--output', 'json']);
    expect(run.code).toBe(0);
    const report = json<CheckReport>(run);
    expect(report).toMatchObject({ ok: true, errors: 0, findings: [] });
    expect(report.objects).toBeGreaterThan(100);
  });

  it('exit 1 on errors, with each finding located in the JSON (and in YAML)', async () => {
    const out = join(root, 'check-dist');
    expect((await cli(['synth', '--out', out, '--quiet'])).code).toBe(0);
    const file = join(out, 'tenants', 'acme.k8s.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}replicas: 2$/m, '  replica: 2'));
    const run = await cli(['check', out, '--output', 'json']);
    expect(run.code).toBe(1);
    const report = json<CheckReport>(run);
    expect(report).toMatchObject({ ok: false, errors: 1 });
    expect(report.findings[0]).toMatchObject({ rule: 'schema', severity: 'error', file: 'tenants/acme.k8s.yaml', path: 'spec.replica', object: { kind: 'Deployment', name: 'api', namespace: 'tenant-acme' } });
    expect(run.stderr).toBe('error: 1 error found; see .findings in the report\n');
    expect(parse((await cli(['check', out, '--output', 'yaml'])).stdout)).toEqual(report);
    const quiet = await cli(['check', out, '--quiet']);
    expect(quiet).toMatchObject({ code: 1, stdout: '' });
    expect(quiet.stderr).toBe(`error: 1 error found; run \`saas-charts check ${out}\` without --quiet to see them\n`);
  });

  it('bad input exits 2', async () => {
    expect((await cli(['check', join(root, 'nope.yaml'), '--output', 'json'])).code).toBe(2);
    expect((await cli(['check', '--output', 'xml'])).code).toBe(2);
  });
});

describe('render', () => {
  it('--output json: a kubectl List of the objects, in apply order', async () => {
    const run = await cli(['render', 'acme', '--output', 'json']);
    expect(run.code).toBe(0);
    const list = json<{ apiVersion: string; kind: string; items: { kind: string; metadata: { name: string; namespace?: string } }[] }>(run);
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(list.items[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'tenant-acme' } });
    expect(list.items.filter((item) => item.kind !== 'Namespace' && item.metadata.namespace !== 'tenant-acme')).toEqual([]);
    expect(list.items.map((item) => item.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'Ingress']));
  });

  it('prints the manifests by default and with --output yaml; --output table lists the objects', async () => {
    const plain = await cli(['render', 'acme']);
    expect(plain.stdout).toContain('kind: Namespace');
    expect((await cli(['render', 'acme', '--output', 'yaml'])).stdout).toBe(plain.stdout);
    const table = await cli(['render', 'acme', '--output', 'table']);
    expect(table.stdout.split('\n')[0]).toMatch(/^INSTANCE\s+KIND\s+NAMESPACE\s+NAME$/);
    expect(table.stdout).toMatch(/^tenant-acme\s+Deployment\s+tenant-acme\s+api$/m);
  });

  it('an unknown instance exits 2 and names the known ones', async () => {
    const run = await cli(['render', 'nobody', '--output', 'json']);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('no chart instance "nobody"; instances: mechanicbuddy-system');
  });
});

describe('graph', () => {
  it('--output json: the instance, its nodes and the edges between them', async () => {
    const run = await cli(['graph', 'acme', '--output', 'json']);
    expect(run.code).toBe(0);
    const graph = json<{ instance: string; nodes: { id: string; kind: string; name: string; synthesized: boolean }[]; edges: { from: string; to: string; label: string }[] }>(run);
    expect(graph.instance).toBe('tenant-acme');
    const ids = new Set(graph.nodes.map((node) => node.id));
    expect(graph.edges.length).toBeGreaterThan(3);
    expect(graph.edges.filter((edge) => !ids.has(edge.from) || !ids.has(edge.to))).toEqual([]);
    const ingress = graph.nodes.find((node) => node.kind === 'Ingress')!;
    const service = graph.edges.find((edge) => edge.from === ingress.id && graph.nodes.find((node) => node.id === edge.to)?.kind === 'Service');
    expect(service?.label).toBe('backend');
  });

  it('prints the diagram without --output, and a reference per line with --output table', async () => {
    expect((await cli(['graph', 'acme'])).stdout).toMatch(/^(flowchart|graph) /);
    const table = await cli(['graph', 'acme', '--output', 'table']);
    expect(table.stdout).toMatch(/^FROM\s+TO\s+VIA\n/);
    expect(table.stdout).toMatch(/^Ingress tenant-acme\/\S+\s+Service tenant-acme\/\S+\s+backend$/m);
  });

  it('bad input exits 2', async () => {
    expect((await cli(['graph', 'acme', '--format', 'png'])).code).toBe(2);
    expect((await cli(['graph', 'nobody', '--output', 'json'])).code).toBe(2);
  });
});

describe('capacity', () => {
  it('--output json and yaml: the same report, namespaces against quotas', async () => {
    const run = await cli(['capacity', '--output', 'json']);
    expect(run.code).toBe(0);
    const report = json<{ namespaces: { namespace: string; fits: boolean }[] }>(run);
    expect(report.namespaces.map((n) => n.namespace)).toContain('tenant-acme');
    expect(report.namespaces.every((n) => typeof n.fits === 'boolean')).toBe(true);
    expect(parse((await cli(['capacity', '--output', 'yaml'])).stdout)).toEqual(report);
  });

  it('bad input exits 2', async () => {
    expect((await cli(['capacity', '--output', 'xml'])).code).toBe(2);
    expect((await cli(['capacity', join(root, 'nope.yaml')])).code).toBe(2);
  });
});

describe('schema', () => {
  it('--output json is the JSON Schema; yaml the same schema; table is refused with exit 2', async () => {
    const run = await cli(['schema', '--output', 'json']);
    expect(run.code).toBe(0);
    const schema = json<{ properties: { tenants: { items: { required: string[] } } } }>(run);
    expect(schema.properties.tenants.items.required).toEqual(['id', 'name', 'tier']);
    expect((await cli(['schema'])).stdout).toBe(run.stdout);
    expect(parse((await cli(['schema', '--output', 'yaml'])).stdout)).toEqual(schema);
    const table = await cli(['schema', '--output', 'table']);
    expect(table).toMatchObject({ code: 2, stdout: '' });
    expect(table.stderr).toContain('Use one of json, yaml.');
  });
});

describe('completion', () => {
  it('prints a script, refuses --output with exit 2, and an unknown shell with exit 2', async () => {
    const run = await cli(['completion', 'bash']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('complete -F');
    const output = await cli(['completion', 'bash', '--output', 'json']);
    expect(output).toMatchObject({ code: 2, stdout: '' });
    expect(output.stderr).toContain('completion always prints a shell script; drop --output');
    expect((await cli(['completion', 'fish'])).code).toBe(2);
  });
});

describe('secrets --offline', () => {
  it('--output json: one row per declared key, present unknown, never a value', async () => {
    const run = await cli(['secrets', 'tenant-acme', '--offline', '--output', 'json']);
    expect(run.code).toBe(0);
    const { secrets } = json<{ secrets: { instance: string; secret: string; key: string; source: string; present: null; environment: string | null }[] }>(run);
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets.every((row) => row.instance === 'tenant-acme' && row.present === null)).toBe(true);
    expect(secrets.find((row) => row.source === 'supplied')?.environment).toMatch(/^SAAS_CHARTS_SECRET_/);
  });

  it('an unknown instance exits 2', async () => {
    expect((await cli(['secrets', 'nobody', '--offline', '--output', 'json'])).code).toBe(2);
  });
});

describe('brick (without --apply)', () => {
  it('--output json: the edit, the files written, nothing applied', async () => {
    const platform = join(root, 'bricks.yaml');
    writeFileSync(platform, 'bricks:\n  instances: []\n');
    const out = join(root, 'bricks-dist');
    const run = await cli(['brick', 'deploy', '--customer', 'acme', '--app', 'suitecrm', '--platform', platform, '--out', out, '--output', 'json']);
    expect(run.code).toBe(0);
    const report = json<{ action: string; brick: string; platformFile: string; out: string; written: string[]; removed: string[]; pinned: unknown[]; applied: null }>(run);
    // pinned: the cluster: pins the edit wrote (none without clusters; see test/placement/brick-clusters.test.ts).
    expect(report).toMatchObject({ action: 'deploy', brick: 'acme-suitecrm', platformFile: platform, out, removed: [], pinned: [], applied: null });
    expect(report.written).toContain('bricks/acme-suitecrm.k8s.yaml');
    expect(existsSync(join(out, 'bricks', 'acme-suitecrm.k8s.yaml'))).toBe(true);
    expect(run.stderr).toContain('the cluster is unchanged: commit');
  });

  it('bad input exits 2: an unknown app, no platform file to edit', async () => {
    expect((await cli(['brick', 'deploy', '--customer', 'acme', '--app', 'nope', '--platform', join(root, 'bricks.yaml'), '--output', 'json'])).code).toBe(2);
    expect((await cli(['brick', 'pause', '--customer', 'acme', '--app', 'suitecrm', '--platform', join(root, 'missing.yaml')])).code).toBe(2);
  });
});
