import type { Command } from 'commander';
import { ChecksFailed, UsageError } from '../errors.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface SynthFlags {
  readonly platform?: string;
  readonly out: string;
  readonly workers?: string;
  readonly quiet?: boolean;
  readonly check: boolean;
}

export function registerSynth(program: Command, io: CliIo): void {
  program
    .command('synth')
    .description('synthesize every chart instance of the platform into YAML files (replaces the output folder atomically)')
    .option('-p, --platform <file>', 'platform file (default: ./platform.yaml, else the embedded default)')
    .option('-o, --out <dir>', 'output folder', 'dist')
    .option('--workers <n>', 'render threads (default: one per core for large fleets)')
    .option('-q, --quiet', 'print nothing on success')
    .option('--no-check', 'skip the checks (schemas, Pod Security, platform rules); a warning says so')
    .addHelpText('after', '\nExample:\n  $ saas-charts synth --platform fleet.yaml --out manifests')
    .action(async (flags: SynthFlags) => {
      const started = performance.now();
      const choice = choosePlatformFile(flags.platform);
      const platform = await readPlatform(choice);
      const { synthToFolder } = await import('../synth/synth.js');
      const result = await synthToFolder(platform, flags.out, { workers: parseWorkers(flags.workers), check: flags.check });
      if (!flags.check) io.stderr('warning: checks skipped (--no-check): the output was not validated\n');
      if (result.check && result.check.errors > 0) {
        await result.discard();
        const { formatReport } = await import('../check/report.js');
        io.stderr(formatReport(result.check));
        throw new ChecksFailed(`checks found ${result.check.errors} error${result.check.errors === 1 ? '' : 's'}; nothing was written to ${flags.out}/ (fix them, or pass --no-check to write anyway)`);
      }
      if (result.check && result.check.warnings > 0 && !flags.quiet) {
        const { formatReport } = await import('../check/report.js');
        io.stderr(formatReport(result.check));
      }
      await result.commit();
      if (!flags.quiet) {
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        const source = choice.embedded ? 'the embedded default platform' : choice.path;
        io.stdout(`wrote ${result.files.length} files (${result.objects} objects) from ${source} to ${flags.out}/ in ${seconds} s\n`);
      }
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
