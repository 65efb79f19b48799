import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { capacityJson } from '../../src/capacity/table.js';
import { capacityReport } from '../../src/capacity/report.js';
import { registerCapacity } from '../../src/cli/capacity-command.js';
import { SaasChartsError } from '../../src/errors.js';
import { runCli } from '../support/cli.js';
import { DEFAULT_PLATFORM_FILE, REPO_ROOT, defaultPlatform } from '../support/fleet.js';

const root = mkdtempSync(join(tmpdir(), 'saas-charts-capacity-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The command on a program of its own, exit codes mapped as src/cli/program.ts maps them. */
async function capacity(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (text: string) => { stdout += text; }, stderr: (text: string) => { stderr += text; } };
  const program = new Command('saas-charts').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerCapacity(program, io);
  try {
    await program.parseAsync(['capacity', ...args], { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, stdout, stderr };
    if (error instanceof SaasChartsError) return { code: error.exitCode, stdout, stderr: `${stderr}error: ${error.message}\n` };
    throw error;
  }
}

const MEASURE_SHAPE = {
  unit: expect.any(String), value: expect.any(Number), text: expect.any(String),
  quota: expect.toBeOneOf([expect.any(Number), null]), quotaText: expect.toBeOneOf([expect.any(String), null]),
  percentOfQuota: expect.toBeOneOf([expect.any(Number), null]), fits: expect.any(Boolean),
};
const MEASURES_SHAPE = Object.fromEntries(['requestsCpu', 'limitsCpu', 'requestsMemory', 'limitsMemory', 'storage', 'pods'].map((key) => [key, MEASURE_SHAPE]));

/** The JSON contract: stable keys, numbers in millicores and bytes, nulls where a quota sets nothing. */
function expectReportShape(json: Record<string, unknown>): void {
  expect(Object.keys(json)).toEqual(['namespaces', 'tiers', 'kinds', 'fleet', 'freeTier', 'certificates']);
  const namespaces = json.namespaces as Record<string, unknown>[];
  expect(namespaces.length).toBeGreaterThan(0);
  for (const entry of namespaces) {
    expect(entry).toEqual({
      namespace: expect.any(String), instance: expect.any(String), kind: expect.any(String),
      tier: expect.toBeOneOf([expect.any(String), null]), quota: expect.toBeOneOf([expect.any(String), null]),
      fits: expect.any(Boolean), measures: MEASURES_SHAPE,
    });
  }
  for (const group of [...(json.tiers as unknown[]), ...(json.kinds as unknown[]), json.fleet]) {
    expect(group).toEqual({ name: expect.any(String), namespaces: expect.any(Array), measures: MEASURES_SHAPE });
  }
  expect(json.freeTier).toEqual({
    enabled: expect.any(Boolean), tenants: expect.any(Number), maxTenants: expect.any(Number), percent: expect.any(Number),
    fits: expect.any(Boolean), text: expect.any(String), tenantsByTier: expect.any(Object),
  });
  for (const certificate of json.certificates as unknown[]) {
    expect(certificate).toEqual({
      domain: expect.any(String), certificates: expect.any(Number), weeklyLimit: 50, weeks: expect.any(Number), withinLimit: expect.any(Boolean), hosts: expect.any(Array),
    });
  }
}

describe('saas-charts capacity', () => {
  it('prints the report as JSON: the model, in millicores and bytes', async () => {
    const run = await capacity(DEFAULT_PLATFORM_FILE, '--output', 'json');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expectReportShape(json);
    expect(run.stdout).toBe(capacityJson(capacityReport(defaultPlatform())));
    const freeTier = (json.namespaces as { namespace: string; measures: { requestsCpu: { unit: string; value: number } } }[]).find((n) => n.namespace === 'mechanicbuddy-free-tier')!;
    expect(freeTier.measures.requestsCpu).toMatchObject({ unit: 'millicores', value: 16500 });
    expect(json.freeTier).toMatchObject({ tenants: 3, maxTenants: 100 });
  });

  it('prints a table by default and writes the HTML report when asked, saying so on stderr', async () => {
    const file = join(root, 'report.html');
    const run = await capacity(DEFAULT_PLATFORM_FILE, '--html', file);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^NAMESPACE\s+KIND/);
    expect(run.stderr).toBe(`wrote capacity report to ${file}\n`);
    expect(readFileSync(file, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('answers bad input with exit code 2 and a message that says what to do', async () => {
    const output = await capacity(DEFAULT_PLATFORM_FILE, '--output', 'xml');
    expect(output).toMatchObject({ code: 2, stdout: '' });
    expect(output.stderr).toContain("argument 'xml' is invalid. Use one of table, json, yaml.");

    const missing = await capacity(join(root, 'nope.yaml'));
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/cannot read .*nope\.yaml: no such file/);

    const unwritable = await capacity(DEFAULT_PLATFORM_FILE, '--html', join(root, 'no-such-folder', 'report.html'));
    expect(unwritable).toMatchObject({ code: 2, stdout: '' });
    expect(unwritable.stderr).toMatch(/cannot write the HTML report to .*no-such-folder.*check that its folder exists/);

    expect((await capacity('--no-such-flag')).code).toBe(2);
  });
});

// Runs through the compiled CLI once src/cli/program.ts registers the command.
const registered = /^\s+capacity\b/m.test(runCli(['--help'], REPO_ROOT).stdout);

describe.skipIf(!registered)('node lib/src/cli.js capacity (registered in program.ts)', () => {
  it('prints the JSON report and exits 0; bad flags exit 2', () => {
    const run = runCli(['capacity', DEFAULT_PLATFORM_FILE, '--output', 'json']);
    expect(run.code).toBe(0);
    expectReportShape(JSON.parse(run.stdout) as Record<string, unknown>);
    expect(run.stdout).toBe(capacityJson(capacityReport(defaultPlatform())));
    expect(runCli(['capacity', '--output', 'xml']).code).toBe(2);
    expect(runCli(['capacity', join(root, 'nope.yaml')]).code).toBe(2);
  });
});
