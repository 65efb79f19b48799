import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { completionScript } from '../src/cli/completion-command.js';
import { buildProgram, type CliIo } from '../src/cli/program.js';
import { UsageError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'saas-charts-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function program(): { program: Command; output: () => string } {
  let stdout = '';
  const io: CliIo = { stdout: (text) => { stdout += text; }, stderr: () => {} };
  const built = buildProgram(io);
  return { program: built, output: () => stdout };
}

/** Every command below the program, with its path and long options. */
function commandsOf(command: Command, path: string[] = []): { path: string[]; longOptions: string[] }[] {
  return command.commands.flatMap((sub) => [
    { path: [...path, sub.name()], longOptions: sub.options.map((o) => o.long).filter((long): long is string => long !== undefined) },
    ...commandsOf(sub, [...path, sub.name()]),
  ]);
}

/** What bash offers for the words typed so far (the last one being completed). */
function bashComplete(script: string, words: string[], cwd = dir): string[] {
  const file = join(dir, 'saas-charts.bash');
  writeFileSync(file, script);
  const array = words.map((word) => `'${word}'`).join(' ');
  const run = spawnSync('bash', ['--norc', '-c', `source ${file}; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _saas_charts; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return run.stdout.split('\n').filter((line) => line !== '');
}

describe('saas-charts completion', () => {
  const { program: built } = program();
  const commands = commandsOf(built);

  it('the program has the commands completion is expected to cover', () => {
    expect(commands.map((c) => c.path.join(' '))).toEqual(expect.arrayContaining(['synth', 'render', 'tenant provision', 'brick deploy', 'completion']));
  });

  for (const shell of ['bash', 'zsh'] as const) {
    it(`${shell}: mentions every command and each of its long options`, () => {
      const script = completionScript(built, shell);
      for (const command of commands) {
        expect(script, command.path.join(' ')).toMatch(new RegExp(`\\b${command.path.at(-1)}\\b`));
        for (const long of command.longOptions) expect(script, `${command.path.join(' ')} ${long}`).toContain(long);
      }
      expect(script).toContain('--debug');
    });
  }

  it('bash: registers a completion function, and parses', () => {
    const script = completionScript(built, 'bash');
    expect(script).toMatch(/^complete -F _saas_charts saas-charts$/m);
    const syntax = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);
  });

  it('bash: completes commands, subcommands, options and option values', () => {
    const script = completionScript(built, 'bash');
    expect(bashComplete(script, ['saas-charts', ''])).toEqual(expect.arrayContaining(['synth', 'check', 'tenant', 'completion']));
    expect(bashComplete(script, ['saas-charts', 're'])).toEqual(['render']);
    expect(bashComplete(script, ['saas-charts', 'tenant', 'pro'])).toEqual(['provision']);
    expect(bashComplete(script, ['saas-charts', 'tenant', 'provision', '--ti'])).toEqual(['--tier', '--timeout']);
    expect(bashComplete(script, ['saas-charts', '--debug', 'tenant', '--platform', 'tenant', 'provision', '--no-'])).toEqual(['--no-save']);
    mkdirSync(join(dir, 'manifests'), { recursive: true });
    writeFileSync(join(dir, 'fleet.yaml'), '');
    expect(bashComplete(script, ['saas-charts', 'synth', '--platform', 'fle'])).toEqual(['fleet.yaml']);
    expect(bashComplete(script, ['saas-charts', 'synth', '--out', 'ma'])).toEqual(['manifests']);
    expect(bashComplete(script, ['saas-charts', 'tenant', 'provision', '--name', ''])).toEqual([]);
  });

  it('completes the values of an option with choices (bash and zsh)', () => {
    const toy = new Command('saas-charts');
    toy.command('show').addOption(new Option('--format <format>', 'how').choices(['table', 'json']));
    expect(bashComplete(completionScript(toy, 'bash'), ['saas-charts', 'show', '--format', 'j'])).toEqual(['json']);
    expect(completionScript(toy, 'zsh')).toContain(`--format'[how]:format:(table json)'`);
  });

  it('zsh: a #compdef file with one function per command, escaping explanations', () => {
    const script = completionScript(built, 'zsh');
    expect(script.startsWith('#compdef saas-charts\n')).toBe(true);
    for (const name of ['_saas_charts', '_saas_charts_synth', '_saas_charts_tenant', '_saas_charts_tenant_provision', '_saas_charts_brick_deploy']) expect(script).toMatch(new RegExp(`^${name}\\(\\) \\{$`, 'm'));
    expect(script).toContain(`'(-p --platform)'{-p,--platform}'[platform file (default: ./platform.yaml, else the embedded default)]:file:_files'`);
    const toy = new Command('saas-charts');
    toy.command('x').option('--odd <file>', `it's [odd]`);
    expect(completionScript(toy, 'zsh')).toContain(`--odd'[it'\\''s \\[odd\\]]:file:_files'`);
  });

  it('the command prints the script, and refuses another shell', async () => {
    const { program: cli, output } = program();
    await cli.parseAsync(['completion', 'bash'], { from: 'user' });
    expect(output()).toBe(completionScript(cli, 'bash'));
    await expect(program().program.parseAsync(['completion', 'fish'], { from: 'user' })).rejects.toThrow(UsageError);
  });
});
