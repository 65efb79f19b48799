/**
 * Scenario "CLI cold start" (issue 6, item 3): the `saas-charts` command as
 * whole processes, timed from spawn to exit (hrtime in this process; there is
 * no hyperfine here):
 *   - `node -e 0`: Node's own start-up, the floor under every command;
 *   - `node lib/src/cli.js --help`;
 *   - `node lib/src/cli.js synth --out DIR` of the default platform (the
 *     embedded platform.yaml, checks on, as a user runs it), into a new
 *     folder each time.
 * Runs are interleaved; BENCH_CLI_RUNS each (default 10) after BENCH_WARMUP.
 * Targets: --help <= 0.3 s; default synth <= 1.5 s (medians).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LIB_DIR, intFromEnv, makeTempDir, removeTempDir, round, runTimed, summarize } from '../measure.mjs';
import { fmt, judge, renderTable } from '../report.mjs';

const CLI = join(LIB_DIR, 'src', 'cli.js');

export const id = 'cli-cold-start';
export const title = 'CLI cold start (whole processes, spawn to exit)';

export async function run({ warmup, log }) {
  const runs = intFromEnv('BENCH_CLI_RUNS', 10, 1);
  // An empty working folder: no ./platform.yaml, so synth takes the embedded default platform.
  const cwd = await makeTempDir(`saas-charts-bench-${id}-`);
  try {
    const commands = [
      { key: 'node', label: 'node -e 0 (Node start-up alone)', args: ['-e', '0'] },
      { key: 'help', label: 'saas-charts --help', args: [CLI, '--help'], check: (out) => out.stdout.includes('synth') },
      { key: 'synth', label: 'saas-charts synth (default platform)', args: (index) => [CLI, 'synth', '--out', `out-${index}`], out: (index) => join(cwd, `out-${index}`), check: (out) => /wrote \d+ files/.test(out.stdout) },
    ];
    const samples = Object.fromEntries(commands.map((command) => [command.key, []]));
    let synthLine = '';
    for (let index = 0; index < warmup + runs; index++) {
      for (const command of commands) {
        const args = typeof command.args === 'function' ? command.args(index) : command.args;
        const result = await runTimed(process.execPath, args, { cwd });
        if (command.check && !command.check(result)) throw new Error(`${command.label}: unexpected output\n${result.stdout.slice(0, 500)}\n${result.stderr.slice(0, 500)}`);
        if (command.out) {
          if (!existsSync(command.out(index))) throw new Error(`${command.label}: wrote no ${command.out(index)}`);
          await removeTempDir(command.out(index));
        }
        if (command.key === 'synth') synthLine = result.stdout.trim();
        if (index >= warmup) samples[command.key].push({ ms: round(result.ms), busyCores: round(result.busyCores) });
        log(`${index < warmup ? 'warm-up' : `run ${index - warmup + 1}/${runs}`}  ${command.label}: ${fmt(result.ms)} ms`);
      }
    }
    const stats = Object.fromEntries(commands.map((command) => [command.key, {
      label: command.label,
      ms: summarize(samples[command.key].map((sample) => sample.ms)),
      busyCores: summarize(samples[command.key].map((sample) => sample.busyCores)),
      samples: samples[command.key],
    }]));
    return {
      commands: stats,
      runs,
      synthOutput: synthLine,
      targets: [
        judge({ id: 'cli-help', title: '`saas-charts --help`, whole process', value: stats.help.ms.median / 1000, bound: 0.3, op: '<=', unit: 's', digits: 3, basis: `median of ${runs} runs (min ${fmt(stats.help.ms.min)} ms, max ${fmt(stats.help.ms.max)} ms); Node alone ${fmt(stats.node.ms.median)} ms` }),
        judge({ id: 'cli-synth', title: '`saas-charts synth` of the default platform, whole process', value: stats.synth.ms.median / 1000, bound: 1.5, op: '<=', unit: 's', digits: 3, basis: `median of ${runs} runs (min ${fmt(stats.synth.ms.min)} ms, max ${fmt(stats.synth.ms.max)} ms), checks on: ${synthLine}` }),
      ],
      warmup,
    };
  } finally {
    await removeTempDir(cwd);
  }
}

export function report(result) {
  const rows = Object.values(result.commands).map((command) => ({
    command: command.label,
    median: fmt(command.ms.median),
    min: fmt(command.ms.min),
    max: fmt(command.ms.max),
    busy: fmt(command.busyCores.median, 2),
  }));
  return [
    title,
    `${result.runs} runs of each (+${result.warmup} warm-up), interleaved; synth said: "${result.synthOutput}"`,
    '',
    renderTable([
      { key: 'command', title: 'command', align: 'left' },
      { key: 'median', title: 'wall ms median' },
      { key: 'min', title: 'min' },
      { key: 'max', title: 'max' },
      { key: 'busy', title: 'machine busy (cores, child included)' },
    ], rows),
  ].join('\n');
}
