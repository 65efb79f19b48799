/** The shared output module: formats, colours, progress, quiet and verbose. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { colourEnabled, createOutput, createProgress, formatTable, painter, stripAnsi, toJson, toYaml, withOutputOptions } from '../../src/cli/output/index.js';
import type { CliIo } from '../../src/cli/program.js';

function recorder(extra: Partial<CliIo> = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = { stdout: (t) => { out.stdout += t; }, stderr: (t) => { out.stderr += t; }, ...extra };
  return { io, out };
}

const ESC = '\u001b[';

describe('colours', () => {
  it('are on only on a terminal, never with a non-empty NO_COLOR, and forced by FORCE_COLOR', () => {
    expect(colourEnabled(true, {})).toBe(true);
    expect(colourEnabled(false, {})).toBe(false);
    expect(colourEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled(true, { NO_COLOR: '' })).toBe(true);
    expect(colourEnabled(true, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(colourEnabled(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourEnabled(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourEnabled(true, { TERM: 'dumb' })).toBe(false);
  });

  it('paint wraps text in escape codes only when enabled', () => {
    expect(painter(false)('red', 'x')).toBe('x');
    expect(painter(true)('red', 'x')).toBe(`${ESC}31mx${ESC}39m`);
    expect(stripAnsi(painter(true)('bold', 'x'))).toBe('x');
  });
});

describe('formatTable', () => {
  const rows = [{ name: 'acme', cpu: 250, state: 'ready' }, { name: 'bigshop-dealers', cpu: 1500, state: 'waiting' }];
  const columns = [
    { header: 'name', value: (r: typeof rows[0]) => r.name },
    { header: 'cpu', value: (r: typeof rows[0]) => String(r.cpu), align: 'right' as const },
    { header: 'state', value: (r: typeof rows[0]) => r.state, style: (r: typeof rows[0]) => (r.state === 'ready' ? 'green' as const : 'yellow' as const) },
  ];

  it('aligns columns under upper-case headers, numbers to the right, without trailing spaces', () => {
    expect(formatTable(rows, columns)).toBe([
      'NAME              CPU  STATE',
      'acme              250  ready',
      'bigshop-dealers  1500  waiting',
      '',
    ].join('\n'));
  });

  it('keeps the alignment when cells are coloured', () => {
    const coloured = formatTable(rows, columns, { paint: painter(true) });
    expect(coloured).toContain(ESC);
    expect(stripAnsi(coloured)).toBe(formatTable(rows, columns));
  });
});

describe('serialization', () => {
  it('JSON has a 2-space indent and a trailing newline; YAML carries the same data', async () => {
    const data = { instance: 'tenant-acme', changes: [{ subject: 'Namespace tenant-acme', action: 'created' }] };
    expect(toJson(data)).toBe('{\n  "instance": "tenant-acme",\n  "changes": [\n    {\n      "subject": "Namespace tenant-acme",\n      "action": "created"\n    }\n  ]\n}\n');
    const { parse } = await import('yaml');
    expect(parse(await toYaml(data))).toEqual(data);
  });
});

describe('createOutput', () => {
  it('prints the result as table, json or yaml, and nothing with --quiet', async () => {
    const data = { files: 3 };
    for (const [flags, expected] of [[{ output: 'table' }, 'three files\n'], [{ output: 'json' }, '{\n  "files": 3\n}\n'], [{ output: 'yaml' }, 'files: 3\n'], [{ output: 'json', quiet: true }, '']] as const) {
      const { io, out } = recorder();
      await createOutput(flags, io).result(data, () => 'three files\n');
      expect(out.stdout).toBe(expected);
    }
  });

  it('details only with --verbose, notes not with --quiet', () => {
    const plain = recorder();
    const normal = createOutput({}, plain.io);
    normal.detail('read platform.yaml');
    normal.note('warning: checks skipped');
    expect(plain.out.stderr).toBe('warning: checks skipped\n');
    const loud = recorder();
    createOutput({ verbose: true }, loud.io).detail('read platform.yaml');
    expect(loud.out.stderr).toBe('read platform.yaml\n');
    const silent = recorder();
    const quiet = createOutput({ quiet: true, verbose: true }, silent.io);
    quiet.note('x');
    quiet.detail('y');
    quiet.document('z');
    expect(silent.out).toEqual({ stdout: '', stderr: '' });
  });

  it('progress: one updating line on a terminal, plain lines otherwise, nothing with json or --quiet', () => {
    const tty = recorder({ stderrIsTTY: true });
    const progress = createOutput({}, tty.io).progress();
    progress.update('synth 200/1000');
    progress.update('synth 400/1000');
    progress.done();
    expect(tty.out.stderr).toBe('\r\u001b[2Ksynth 200/1000\r\u001b[2Ksynth 400/1000\r\u001b[2K');
    expect(tty.out.stderr).not.toContain('\n');
    const pipe = recorder();
    const lines = createOutput({}, pipe.io).progress();
    lines.update('synth 200/1000');
    lines.done();
    expect(pipe.out.stderr).toBe('synth 200/1000\n');
    for (const flags of [{ output: 'json' as const }, { quiet: true }]) {
      const off = recorder({ stderrIsTTY: true });
      createOutput(flags, off.io).progress().update('x');
      expect(off.out.stderr).toBe('');
    }
  });

  it('keeps the updating line to the terminal width', () => {
    const { out } = recorder();
    const progress = createProgress({ write: (t) => { out.stderr += t; }, mode: 'line', columns: 30 });
    progress.update('x'.repeat(100));
    expect(stripAnsi(out.stderr.replace('\r', '')).length).toBeLessThan(30);
  });
});

describe('withOutputOptions', () => {
  const parse = (args: string[], formats?: readonly ('table' | 'json' | 'yaml')[]) => {
    const errors: string[] = [];
    const command = withOutputOptions(new Command('x').exitOverride().configureOutput({ writeErr: (t) => errors.push(t) }), { formats, hint: 'the output folder is --out DIR' });
    try {
      command.parse(args, { from: 'user' });
    } catch {
      return { error: errors.join('') };
    }
    return { opts: command.opts() };
  };

  it('defaults to the first format and takes text as an alias of table', () => {
    expect(parse([]).opts).toEqual({ output: 'table' });
    expect(parse(['-o', 'text']).opts).toEqual({ output: 'table' });
    expect(parse(['--output', 'yaml', '-v']).opts).toEqual({ output: 'yaml', verbose: true });
    expect(parse([], ['json', 'yaml']).opts).toEqual({ output: 'json' });
  });

  it('rejects an unknown format quoting it and listing the choices, and --quiet with --verbose', () => {
    expect(parse(['--output', 'xml']).error).toBe("error: option '-o, --output <format>' argument 'xml' is invalid. Use one of table, json, yaml (the output folder is --out DIR).\n");
    expect(parse(['--output', 'table'], ['json', 'yaml']).error).toContain('Use one of json, yaml');
    expect(parse(['-q', '-v']).error).toContain("option '-q, --quiet' cannot be used with option '-v, --verbose'");
  });
});
