import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { ChecksFailed } from '../errors.js';
import { createOutput, withOutputOptions, type OutputFlags } from './output/index.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

export function registerCheck(program: Command, io: CliIo): void {
  withOutputOptions(program
    .command('check')
    .description('check every object a platform synthesizes (or the YAML files in a folder): schemas, Pod Security, platform rules')
    .argument('[platform-or-dir]', 'a platform file, or a folder of synthesized YAML such as dist/ (default: ./platform.yaml, else the embedded default)'), {
    help: 'table: findings grouped by file and object; json or yaml: {ok, errors, warnings, objects, findings}',
  })
    .addHelpText('after', '\nExit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad input.\n\nExamples:\n  $ saas-charts check\n  $ saas-charts check dist/ --output json | jq .findings')
    .action(async (target: string | undefined, flags: OutputFlags) => {
      const out = createOutput(flags, io);
      const { checkAll } = await import('../check/check.js');
      const { formatReport, reportData } = await import('../check/report.js');
      const started = performance.now();
      let result;
      if (target && (await isDirectory(target))) {
        const { readManifestFolder } = await import('../check/read-folder.js');
        const manifests = await readManifestFolder(target);
        out.detail(`read ${manifests.length} files from ${target}`);
        result = checkAll(manifests);
      } else {
        const platform = await readPlatform(choosePlatformFile(target), out.detail);
        const { synthPlatform } = await import('../synth/synth.js');
        const synth = synthPlatform(platform, { check: true });
        result = synth.check!;
      }
      out.detail(`checked ${result.objects} objects in ${Math.round(performance.now() - started)} ms`);
      await out.result(reportData(result), () => formatReport(result, out.paint));
      if (result.errors > 0) {
        const where = out.quiet ? `run \`saas-charts check${target ? ` ${target}` : ''}\` without --quiet to see them` : out.format === 'table' ? 'see the report above' : 'see .findings in the report';
        throw new ChecksFailed(`${result.errors} error${result.errors === 1 ? '' : 's'} found; ${where}`);
      }
    });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
