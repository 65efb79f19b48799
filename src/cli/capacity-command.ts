import type { Command } from 'commander';
import { createOutput, withOutputOptions, type OutputFlags } from './output/index.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface CapacityFlags extends OutputFlags {
  readonly html?: string;
}

export function registerCapacity(program: Command, io: CliIo): void {
  withOutputOptions(program
    .command('capacity')
    .description('capacity at a glance: namespace requests and limits against quotas, totals per tier and kind, free tier, certificates')
    .argument('[platform]', 'platform file (default: ./platform.yaml, else the embedded default)')
    .option('--html <file>', 'also write a self-contained HTML report with SVG bar charts (no network needed to view it)'), {
    help: 'table: namespaces, tiers, kinds, free tier and certificates; json or yaml: the same report as data',
  })
    .addHelpText('after', [
      '',
      'CPU is in millicores and memory and storage in bytes in the JSON and YAML; each value also comes as a Kubernetes quantity.',
      'With --html the report still goes to stdout; the "wrote" line goes to stderr, so JSON pipes stay clean.',
      '',
      'Exit codes: 0 report written, 2 bad input (platform file, flags, an HTML file that cannot be written).',
      '',
      'Examples:',
      '  $ saas-charts capacity',
      '  $ saas-charts capacity fleet.yaml --output json | jq \'.namespaces[] | select(.fits | not)\'',
      '  $ saas-charts capacity --html capacity.html',
    ].join('\n'))
    .action(async (platformFile: string | undefined, flags: CapacityFlags) => {
      const out = createOutput(flags, io);
      const choice = choosePlatformFile(platformFile);
      const platform = await readPlatform(choice, out.detail);
      const { capacityReport, capacityHtml, capacityTable } = await import('../capacity/index.js');
      const report = capacityReport(platform);
      if (flags.html) {
        const { writeFile } = await import('node:fs/promises');
        const { OutputError } = await import('../synth/output-folder.js');
        const source = choice.embedded ? 'embedded default platform.yaml' : choice.path;
        try {
          await writeFile(flags.html, capacityHtml(report, { source }));
        } catch (error) {
          throw new OutputError(`cannot write the HTML report to ${flags.html}: ${(error as Error).message}; check that its folder exists and is writable`);
        }
        out.note(`wrote capacity report to ${flags.html}`);
      }
      await out.result(report, () => capacityTable(report));
    });
}
