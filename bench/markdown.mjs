/**
 * Prints the tables of a results file as Markdown, for BENCHMARKS.md:
 *
 *   node bench/markdown.mjs [bench/results.json]
 *
 * The machine, each scenario's report (its tables are Markdown pipe tables
 * already) and the targets table, as `npm run bench` printed them.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderTargets } from './report.mjs';
import { scenarios } from './scenarios/index.mjs';

const path = process.argv[2] ?? fileURLToPath(new URL('results.json', import.meta.url));
const results = JSON.parse(await readFile(path, 'utf8'));
const { machine } = results;
const out = [];
out.push(`Run ${results.date} on ${machine.cpuModel} x ${machine.cpuCount} (${machine.availableParallelism} available), ${machine.totalMemoryGiB} GiB, Node ${machine.nodeVersion}, ${machine.os}; commit ${results.git.commit.slice(0, 12)}${results.git.sourceDirty ? ' with uncommitted changes under src/' : ''}; ${results.config.runs} runs per variant (+${results.config.warmup} warm-up) unless a table says otherwise.`);
if (results.git.changedDuringRun) out.push(`**The code changed during this run** (commit ${results.git.commit.slice(0, 12)} -> ${results.git.after.commit.slice(0, 12)}, lib/ digest ${results.git.libDigest.before} -> ${results.git.libDigest.after}): later scenarios may have measured another build.`);
out.push(`Load average (1/5/15 min) before ${results.loadAverage.before.join(' / ')}, after ${results.loadAverage.after.join(' / ')}; CPU busy in the second before the run: ${results.busyCoresBefore} of ${machine.availableParallelism} cores.`);
out.push('');
if (results.targets?.length > 0) {
  out.push('### Targets', '', renderTargets(results.targets), '');
  for (const target of results.targets) if (target.basis) out.push(`- ${target.title}: ${target.basis}`);
  out.push('');
}
for (const scenario of scenarios) {
  const result = results.scenarios[scenario.id];
  if (!result) continue;
  const [heading, ...rest] = scenario.report(result).split('\n');
  out.push(`### ${heading}`, '', ...rest, '');
}
process.stdout.write(`${out.join('\n')}\n`);
