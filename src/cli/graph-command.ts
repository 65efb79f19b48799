import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface GraphFlags {
  readonly format: string;
  readonly platform?: string;
  readonly all?: boolean;
}

const FORMATS = ['mermaid', 'dot'] as const;

export function registerGraph(program: Command, io: CliIo): void {
  program
    .command('graph')
    .description('draw the objects of a chart instance and their references (Ingress -> Service -> Deployment -> Secret, ...) as Mermaid or DOT')
    .argument('<instance>', 'instance name: mechanicbuddy-system, tenant-<id> (or a tenant id), <customer>-<app>, customer-<id>, ...')
    .option('-f, --format <format>', 'mermaid or dot', 'mermaid')
    .option('-p, --platform <file>', 'platform file (default: ./platform.yaml, else the embedded default)')
    .option('--all', 'also draw objects without references (Namespace, quotas, NetworkPolicies)')
    .addHelpText('after', '\nReferenced objects the chart does not write (declared Secrets, Secrets CloudNativePG or cert-manager create) are dashed.\n\nExamples:\n  $ saas-charts graph acme                        # Mermaid, paste into a Markdown ```mermaid block\n  $ saas-charts graph tenant-acme --format dot | dot -Tsvg > acme.svg')
    .action(async (instance: string, flags: GraphFlags) => {
      if (!(FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format "${flags.format}" is not one of ${FORMATS.join(', ')}`);
      const platform = await readPlatform(choosePlatformFile(flags.platform));
      const { platformUnits } = await import('../synth/units.js');
      const { renderForApply } = await import('../synth/render.js');
      const { objectGraph, toDot, toMermaid } = await import('../graph/index.js');
      const units = platformUnits(platform);
      const unit = units.find((u) => u.name === instance || u.name === `tenant-${instance}`);
      if (!unit) throw new UsageError(`no chart instance "${instance}"; instances: ${units.map((u) => u.name).join(', ')}`);
      const rendered = renderForApply(unit);
      const graph = objectGraph(rendered.objects, { declaredSecrets: rendered.secrets, includeIsolated: flags.all === true });
      io.stdout(flags.format === 'dot' ? toDot(graph, unit.name) : toMermaid(graph));
    });
}
