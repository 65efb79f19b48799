/** The conventions every command shares: --help examples, --output/--quiet/--verbose, colours. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { buildProgram } from '../../src/cli/program.js';
import { runCli as spawnCli } from '../support/cli.js';
import { cli, ESCAPE } from './in-process.js';

const root = mkdtempSync(join(tmpdir(), 'saas-charts-conventions-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every command a user can run (leaves of the command tree), as its path of names. */
function leafCommands(command: Command, path: readonly string[] = []): string[][] {
  const subcommands = command.commands.filter((sub) => sub.name() !== 'help');
  if (subcommands.length === 0) return [[...path]];
  return subcommands.flatMap((sub) => leafCommands(sub, [...path, sub.name()]));
}

const program = buildProgram({ stdout: () => undefined, stderr: () => undefined });
const commands = leafCommands(program);

function commandAt(path: readonly string[]): Command {
  return path.reduce((command, name) => command.commands.find((sub) => sub.name() === name)!, program);
}

describe('every command', () => {
  it('is found (the walk sees the command tree)', () => {
    expect(commands.map((path) => path.join(' '))).toEqual(expect.arrayContaining([
      'synth', 'check', 'render', 'brick deploy', 'brick delete', 'apply', 'delete', 'diff', 'status', 'secrets',
      'tenant provision', 'tenant update', 'tenant status', 'tenant deprovision', 'graph', 'capacity', 'completion', 'schema',
    ]));
  });

  it.each(commands.map((path) => [path.join(' '), path]))('%s: --help shows an example', async (_name, path) => {
    const run = await cli([...path, '--help']);
    expect(run.code).toBe(0);
    const examples = run.stdout.split(/\nExamples?:\n/)[1] ?? '';
    expect(examples).toMatch(/^ {2}\$ /);
    expect(examples).toContain(`saas-charts ${path.join(' ')}`);
  });

  it.each(commands.map((path) => [path.join(' '), path]))('%s: takes --output, --quiet and --verbose', (_name, path) => {
    const command = commandAt(path);
    const flags = command.options.map((option) => option.long);
    expect(flags).toEqual(expect.arrayContaining(['--output', '--quiet', '--verbose']));
    const output = command.options.find((option) => option.long === '--output')!;
    if (path[0] === 'completion') {
      expect(output.hidden).toBe(true);
      return;
    }
    expect(output.short).toBe('-o');
    expect(output.argChoices).toEqual(expect.arrayContaining(['json']));
    expect(output.argChoices!.filter((format) => !['table', 'json', 'yaml'].includes(format))).toEqual([]);
  });

  it('has no short flag that means two things: -o is --output, folders are --out', () => {
    for (const path of commands) {
      for (const option of commandAt(path).options) {
        if (option.short === '-o') expect(option.long, path.join(' ')).toBe('--output');
        if (option.short === '-q') expect(option.long, path.join(' ')).toBe('--quiet');
        if (option.short === '-v') expect(option.long, path.join(' ')).toBe('--verbose');
      }
    }
  });
});

/** Commands that succeed without a cluster, for --quiet and colour checks. */
function offlineRuns(): string[][] {
  const bricks = join(root, `bricks-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(bricks, 'bricks:\n  instances: []\n');
  return [
    ['synth', '--out', join(root, 'quiet-dist')], ['check'], ['render', 'acme'], ['graph', 'acme'], ['capacity'], ['schema'],
    ['completion', 'bash'], ['secrets', '--offline'],
    ['brick', 'deploy', '--customer', 'acme', '--app', 'suitecrm', '--platform', bricks, '--out', join(root, 'quiet-bricks')],
  ];
}

describe('--output yaml', () => {
  const runs = [['check'], ['render', 'acme'], ['graph', 'acme'], ['capacity'], ['schema'], ['secrets', '--offline']];

  it.each(runs.map((args) => [args.join(' '), args]))('%s: the same data as --output json', async (_name, args) => {
    const asJson = JSON.parse((await cli([...args, '--output', 'json'])).stdout) as { items?: unknown[] };
    const asYaml = await cli([...args, '--output', 'yaml']);
    expect(asYaml.code).toBe(0);
    // render's YAML is the manifests themselves, a stream of documents; its JSON is a List of them.
    if (args[0] === 'render') expect(parseAllDocuments(asYaml.stdout).map((document) => document.toJS())).toEqual(asJson.items);
    else expect(parse(asYaml.stdout)).toEqual(asJson);
  });
});

describe('--quiet', () => {
  it.each(offlineRuns().map((args) => [args.slice(0, 2).join(' '), args]))('%s: nothing on stdout or stderr on success', async (_name, args) => {
    const run = await cli([...args, '--quiet']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('still prints errors, and the exit code', async () => {
    const run = await cli(['render', 'nobody', '--quiet']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no chart instance "nobody"');
  });
});

describe('--verbose', () => {
  it('adds details on stderr (file read, timings); stdout is unchanged', async () => {
    const plain = await cli(['render', 'acme']);
    const run = await cli(['render', 'acme', '--verbose']);
    expect(run.stdout).toBe(plain.stdout);
    expect(run.stderr).toMatch(/^read platform\.yaml \(\d+ tenants\) in \d+ ms\nrendered 1 instance in \d+ ms\n$/);
    expect((await cli(['check', '-v'])).stderr).toMatch(/checked \d+ objects in \d+ ms/);
  });
});

describe('colours', () => {
  const table = ['render', 'acme', '--output', 'table'];

  it('on a terminal: a bold header and a red error label', async () => {
    expect((await cli(table, { tty: true })).stdout).toContain(`${ESCAPE}1mINSTANCE`);
    expect((await cli(['render', 'nobody'], { tty: true })).stderr).toMatch(/^\u001b\[31merror:\u001b\[39m no chart instance/);
  });

  it('never with NO_COLOR set, even on a terminal', async () => {
    for (const args of [...offlineRuns(), table, ['render', 'nobody'], ['check', '--verbose']]) {
      const run = await cli(args, { tty: true, env: { NO_COLOR: '1' } });
      expect(run.stdout + run.stderr, args.join(' ')).not.toContain('\u001b');
    }
  });

  it('never when the output is not a terminal; FORCE_COLOR forces them', async () => {
    for (const args of [table, ['render', 'nobody'], ['secrets', '--offline']]) {
      const run = await cli(args, { tty: false });
      expect(run.stdout + run.stderr, args.join(' ')).not.toContain('\u001b');
    }
    expect((await cli(table, { tty: false, env: { FORCE_COLOR: '1' } })).stdout).toContain(ESCAPE);
  });
});

describe('usage errors', () => {
  it('end with where to look next', async () => {
    const run = await cli(['synth', '--wokers', '2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown option '--wokers'\n(Did you mean --workers?)\n(add --help for usage and examples)\n");
  });
});

describe('errors from layers that do not know the command line', () => {
  it('end with a hint: an invalid platform file, an unreachable cluster', async () => {
    const bad = join(root, 'bad-platform.yaml');
    writeFileSync(bad, 'tenants:\n  - { id: x, name: X, tier: gold }\n');
    const config = await cli(['check', bad]);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/tier: "gold" is not one of .*\nhint: fix the platform file and run again; `saas-charts schema` describes every field\n$/);
    const cluster = await cli(['status', '--kubeconfig', join(root, 'no-kubeconfig')]);
    expect(cluster.code).toBe(3);
    expect(cluster.stderr).toMatch(/^error: cannot load the kubeconfig .*\nhint: check that the cluster is up and that the kubeconfig points at it/);
  });
});

describe('synth progress (the compiled CLI: large fleets write on a thread, which needs the built files)', () => {
  const fleet = join(root, 'fleet.yaml');
  writeFileSync(fleet, `tenants:\n${Array.from({ length: 230 }, (_, i) => `  - { id: t${i}, name: T${i}, tier: professional }`).join('\n')}\n`);

  it('off a terminal: a plain line every 100 chart instances', () => {
    const run = spawnCli(['synth', '--platform', fleet, '--out', join(root, 'fleet-one'), '--workers', '1', '--no-check']);
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('synth:'));
    expect(lines).toEqual([expect.stringMatching(/^synth: 100\/2\d\d chart instances rendered$/), expect.stringMatching(/^synth: 200\/2\d\d chart instances rendered$/)]);
    expect(run.stderr).not.toContain('\r');
  });

  it('with render threads too; never with --output json or --quiet', () => {
    const threads = spawnCli(['synth', '--platform', fleet, '--out', join(root, 'fleet-two'), '--workers', '2', '--no-check']);
    expect(threads.stderr).toMatch(/^synth: \d+\/2\d\d chart instances rendered$/m);
    for (const flag of ['--output=json', '--quiet']) {
      const run = spawnCli(['synth', '--platform', fleet, '--out', join(root, 'fleet-quiet'), '--workers', '2', '--no-check', flag]);
      expect(run.code).toBe(0);
      expect(run.stderr).not.toContain('synth:');
    }
  });
});
