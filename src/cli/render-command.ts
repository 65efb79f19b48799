import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { createOutput, formatTable, withOutputOptions, type OutputFlags } from './output/index.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface RenderFlags extends OutputFlags {
  readonly platform?: string;
}

interface ObjectRow {
  readonly instance: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export function registerRender(program: Command, io: CliIo): void {
  withOutputOptions(program
    .command('render')
    .description('print the YAML of chart instances to stdout (nothing is written)')
    .argument('<instances...>', 'instance names: mechanicbuddy-system, mechanicbuddy-free-tier, argocd, tenant-<id>, or a tenant id')
    .option('-p, --platform <file>', 'platform file (default: ./platform.yaml, else the embedded default)'), {
    formats: ['yaml', 'json', 'table'],
    help: 'yaml: the manifests, as synth writes them; json: a kubectl-style List of the objects; table: one line per object',
    document: 'yaml',
  })
    .addHelpText('after', '\nExamples:\n  $ saas-charts render acme\n  $ saas-charts render mechanicbuddy-system tenant-bigshop\n  $ saas-charts render acme --output table        # which objects, in apply order')
    .action(async (instances: string[], flags: RenderFlags) => {
      const out = createOutput(flags, io);
      const platform = await readPlatform(choosePlatformFile(flags.platform), out.detail);
      const { platformUnits } = await import('../synth/units.js');
      const { renderUnit } = await import('../synth/render.js');
      const units = platformUnits(platform);
      const chosen = instances.map((wanted) => {
        const unit = units.find((u) => u.name === wanted || u.name === `tenant-${wanted}`);
        if (!unit) throw new UsageError(`no chart instance "${wanted}"; instances: ${units.map((u) => u.name).join(', ')}`);
        return unit;
      });
      const started = performance.now();
      const rendered = chosen.map((unit) => renderUnit(unit));
      out.detail(`rendered ${rendered.length} instance${rendered.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms`);
      if (flags.output === undefined || flags.output === 'yaml') {
        out.document(rendered.map((unit) => unit.yaml).join('---\n'));
        return;
      }
      const rows: ObjectRow[] = rendered.flatMap((unit) => unit.objects.map((object) => ({
        instance: unit.name, kind: object.kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '',
      })));
      await out.result({ apiVersion: 'v1', kind: 'List', items: rendered.flatMap((unit) => unit.objects) }, () => formatTable(rows, [
        { header: 'instance', value: (row) => row.instance },
        { header: 'kind', value: (row) => row.kind },
        { header: 'namespace', value: (row) => row.namespace },
        { header: 'name', value: (row) => row.name },
      ], { paint: out.paint }));
    });
}
