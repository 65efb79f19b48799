import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface RenderFlags {
  readonly platform?: string;
}

export function registerRender(program: Command, io: CliIo): void {
  program
    .command('render')
    .description('print the YAML of chart instances to stdout (nothing is written)')
    .argument('<instances...>', 'instance names: mechanicbuddy-system, mechanicbuddy-free-tier, argocd, tenant-<id>, or a tenant id')
    .option('-p, --platform <file>', 'platform file (default: ./platform.yaml, else the embedded default)')
    .addHelpText('after', '\nExamples:\n  $ saas-charts render acme\n  $ saas-charts render mechanicbuddy-system tenant-bigshop')
    .action(async (instances: string[], flags: RenderFlags) => {
      const platform = await readPlatform(choosePlatformFile(flags.platform));
      const { platformUnits } = await import('../synth/units.js');
      const { renderUnit } = await import('../synth/render.js');
      const units = platformUnits(platform);
      const chosen = instances.map((wanted) => {
        const unit = units.find((u) => u.name === wanted || u.name === `tenant-${wanted}`);
        if (!unit) throw new UsageError(`no chart instance "${wanted}"; instances: ${units.map((u) => u.name).join(', ')}`);
        return unit;
      });
      io.stdout(chosen.map((unit) => renderUnit(unit).yaml).join('---\n'));
    });
}
