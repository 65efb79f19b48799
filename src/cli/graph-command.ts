import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { createOutput, formatTable, withOutputOptions, type OutputFlags } from './output/index.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface GraphFlags extends OutputFlags {
  readonly format: string;
  readonly platform?: string;
  readonly all?: boolean;
}

const FORMATS = ['mermaid', 'dot'] as const;

export function registerGraph(program: Command, io: CliIo): void {
  withOutputOptions(program
    .command('graph')
    .description('draw the objects of a chart instance and their references (Ingress -> Service -> Deployment -> Secret, ...) as Mermaid or DOT')
    .argument('<instance>', 'instance name: mechanicbuddy-system, tenant-<id> (or a tenant id), <customer>-<app>, customer-<id>, ...')
    .option('-f, --format <format>', 'diagram language: mermaid or dot', 'mermaid')
    .option('-p, --platform <file>', 'platform file (default: ./platform.yaml, else the embedded default)')
    .option('--all', 'also draw objects without references (Namespace, quotas, NetworkPolicies)'), {
    help: 'table: one line per reference; json or yaml: {instance, nodes, edges}',
    document: 'the diagram in --format',
  })
    .addHelpText('after', '\nReferenced objects the chart does not write (declared Secrets, Secrets CloudNativePG or cert-manager create) are dashed.\n\nExamples:\n  $ saas-charts graph acme                        # Mermaid, paste into a Markdown ```mermaid block\n  $ saas-charts graph tenant-acme --format dot | dot -Tsvg > acme.svg\n  $ saas-charts graph acme --output table         # who refers to what, as a list')
    .action(async (instance: string, flags: GraphFlags) => {
      if (!(FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format "${flags.format}" is not one of ${FORMATS.join(', ')}`);
      const out = createOutput(flags, io);
      const platform = await readPlatform(choosePlatformFile(flags.platform), out.detail);
      const { platformUnits } = await import('../synth/units.js');
      const { renderForApply } = await import('../synth/render.js');
      const { objectGraph, toDot, toMermaid } = await import('../graph/index.js');
      const units = platformUnits(platform);
      const unit = units.find((u) => u.name === instance || u.name === `tenant-${instance}`);
      if (!unit) throw new UsageError(`no chart instance "${instance}"; instances: ${units.map((u) => u.name).join(', ')}`);
      const rendered = renderForApply(unit);
      const graph = objectGraph(rendered.objects, { declaredSecrets: rendered.secrets, includeIsolated: flags.all === true });
      out.detail(`${graph.nodes.length} objects, ${graph.edges.length} references`);
      if (flags.output === undefined) {
        out.document(flags.format === 'dot' ? toDot(graph, unit.name) : toMermaid(graph));
        return;
      }
      const label = new Map(graph.nodes.map((node) => [node.id, `${node.kind} ${node.namespace ? `${node.namespace}/` : ''}${node.name}`]));
      await out.result({ instance: unit.name, nodes: graph.nodes, edges: graph.edges }, () => formatTable(graph.edges, [
        { header: 'from', value: (edge) => label.get(edge.from) ?? edge.from },
        { header: 'to', value: (edge) => label.get(edge.to) ?? edge.to },
        { header: 'via', value: (edge) => edge.label },
      ], { paint: out.paint }));
    });
}
