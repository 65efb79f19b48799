import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { ChecksFailed, UsageError } from '../errors.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface CheckFlags {
  readonly output: string;
}

export function registerCheck(program: Command, io: CliIo): void {
  program
    .command('check')
    .description('check every object a platform synthesizes (or the YAML files in a folder): schemas, Pod Security, platform rules')
    .argument('[platform-or-dir]', 'a platform file, or a folder of synthesized YAML such as dist/ (default: ./platform.yaml, else the embedded default)')
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText('after', '\nExit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad input.\n\nExamples:\n  $ saas-charts check\n  $ saas-charts check dist/ --output json | jq .findings')
    .action(async (target: string | undefined, flags: CheckFlags) => {
      if (flags.output !== 'text' && flags.output !== 'json') throw new UsageError(`--output "${flags.output}" must be text or json`);
      const { checkAll } = await import('../check/check.js');
      const { formatReport, reportJson } = await import('../check/report.js');
      let result;
      if (target && (await isDirectory(target))) {
        const { readManifestFolder } = await import('../check/read-folder.js');
        result = checkAll(await readManifestFolder(target));
      } else {
        const platform = await readPlatform(choosePlatformFile(target));
        const { synthPlatform } = await import('../synth/synth.js');
        const synth = synthPlatform(platform, { check: true });
        result = synth.check!;
      }
      io.stdout(flags.output === 'json' ? reportJson(result) : formatReport(result));
      if (result.errors > 0) throw new ChecksFailed(`${result.errors} error${result.errors === 1 ? '' : 's'} found; see the report above`);
    });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
