import type { Command } from 'commander';
import { ChecksFailed, UsageError } from '../errors.js';
import { createOutput, withOutputOptions, type OutputFlags } from './output/index.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface SynthFlags extends OutputFlags {
  readonly platform?: string;
  readonly out: string;
  readonly workers?: string;
  readonly check: boolean;
}

export function registerSynth(program: Command, io: CliIo): void {
  withOutputOptions(program
    .command('synth')
    .description('synthesize every chart instance of the platform into YAML files (replaces the output folder atomically)')
    .option('-p, --platform <file>', 'platform file (default: ./platform.yaml, else the embedded default)')
    .option('--out <dir>', 'output folder', 'dist')
    .option('--workers <n>', 'render threads (default: one per core for large fleets)')
    .option('--no-check', 'skip the checks (schemas, Pod Security, platform rules); a warning says so'), {
    help: 'table: one line saying what was written; json or yaml: {written, source, out, files, objects, seconds, check}',
    hint: 'the output folder is --out DIR',
  })
    .addHelpText('after', '\nExamples:\n  $ saas-charts synth --platform fleet.yaml --out manifests\n  $ saas-charts synth --output json | jq .files')
    .action(async (flags: SynthFlags) => {
      const out = createOutput(flags, io);
      const started = performance.now();
      const choice = choosePlatformFile(flags.platform);
      const platform = await readPlatform(choice, out.detail);
      const { synthToFolder } = await import('../synth/synth.js');
      const { formatReport, reportData } = await import('../check/report.js');
      const progress = out.progress();
      const result = await synthToFolder(platform, flags.out, {
        workers: parseWorkers(flags.workers),
        check: flags.check,
        onUnit: (done, total) => progress.update(`synth: ${done}/${total} chart instances rendered`),
      }).finally(() => progress.done());
      out.detail(`rendered ${result.files.length} files in ${Math.round(performance.now() - started)} ms`);
      if (!flags.check) out.note('warning: checks skipped (--no-check): the output was not validated; run `saas-charts check ' + flags.out + '/` to check it');
      const source = choice.embedded ? 'the embedded default platform' : choice.path;
      const data = (written: boolean) => ({
        written,
        source,
        out: flags.out,
        files: result.files.map((file) => ({ path: file.path, objects: file.objects })),
        objects: result.objects,
        seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
        check: result.check ? reportData(result.check) : null,
      });
      // Whatever ends this command before the commit (checks, an error, a failed write) leaves the output as it was.
      try {
        if (result.check && result.check.errors > 0) {
          await result.discard();
          if (out.format === 'table') out.note(formatReport(result.check, out.paintErr));
          else await out.result(data(false), () => '');
          throw new ChecksFailed(`checks found ${result.check.errors} error${result.check.errors === 1 ? '' : 's'}; nothing was written to ${flags.out}/ (${out.quiet ? 'run without --quiet to see them; ' : ''}fix them, or pass --no-check to write anyway)`);
        }
        if (result.check && result.check.warnings > 0 && out.format === 'table') out.note(formatReport(result.check, out.paintErr));
        await result.commit();
      } finally {
        await result.discard();
      }
      const summary = data(true);
      await out.result(summary, () => `wrote ${summary.files.length} files (${summary.objects} objects) from ${source} to ${flags.out}/ in ${summary.seconds.toFixed(2)} s\n`);
    });
}

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new UsageError(`--workers "${value}" must be a whole number from 1 to 64`);
  }
  return workers;
}
