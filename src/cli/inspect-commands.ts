/** `saas-charts diff | status | secrets`: read-only views of a platform against its cluster. */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface InspectFlags {
  readonly platform?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly output: string;
  readonly offline?: boolean;
}

const options = (command: Command) => command
  .argument('[instances...]', 'instances or tenant ids; all when none')
  .option('-p, --platform <file>', 'platform file (default: ./platform.yaml, else the embedded default)')
  .option('--kubeconfig <file>', 'kubeconfig')
  .option('--context <name>', 'kubeconfig context')
  .option('-o, --output <format>', 'text or json', 'text');

export function registerInspect(program: Command, io: CliIo): void {
  options(program.command('diff'))
    .description('what apply would change, field by field (server-side dry-run; secret values masked)')
    .addHelpText('after', '\nExample:\n  $ saas-charts diff tenant-acme')
    .action(async (instances: string[], flags: InspectFlags) => {
      const json = isJson(flags.output);
      const { applyPlatform } = await import('../apply/apply-platform.js');
      const { formatChanges } = await import('./apply-command.js');
      const results = await applyPlatform(await connectClient(flags), await platformOf(flags), { only: instances, dryRun: true, diff: true, wait: false });
      const pending = results.map((r) => ({ instance: r.instance, changes: r.changes.filter((c) => c.action !== 'unchanged') }));
      io.stdout(json ? `${JSON.stringify({ instances: pending }, null, 2)}\n` : pending.map((r) => formatChanges(r.instance, r.changes)).join(''));
    });

  options(program.command('status'))
    .description('readiness of every object of the chosen instances')
    .addHelpText('after', '\nExample:\n  $ saas-charts status tenant-acme --output json')
    .action(async (instances: string[], flags: InspectFlags) => {
      const json = isJson(flags.output);
      const client = await connectClient(flags);
      const { selectUnits } = await import('../apply/apply-platform.js');
      const { renderForApply } = await import('../synth/render.js');
      const { readinessOf } = await import('../apply/readiness/index.js');
      const { describeObject } = await import('../apply/discovery.js');
      const report = [];
      for (const unit of selectUnits(await platformOf(flags), instances).map(renderForApply)) {
        const objects = [];
        for (const object of unit.objects) {
          const live = await client.get(object);
          const readiness = live ? readinessOf(live as never) : { state: 'missing', message: 'not found' };
          objects.push({ subject: describeObject(object), state: readiness.state, message: readiness.message });
        }
        report.push({ instance: unit.name, objects });
      }
      io.stdout(json ? `${JSON.stringify({ instances: report }, null, 2)}\n`
        : report.map((r) => `${r.instance}:\n${r.objects.map((o) => `  ${o.state.padEnd(12)} ${o.subject}: ${o.message}`).join('\n')}\n`).join(''));
    });

  options(program.command('secrets'))
    .description('the Secrets each instance needs (generated or supplied) and, unless --offline, which exist; never a value')
    .option('--offline', 'list the declarations without asking the cluster')
    .addHelpText('after', '\nExample:\n  $ saas-charts secrets --offline   # what to put in --secrets-file')
    .action(async (instances: string[], flags: InspectFlags) => {
      const json = isJson(flags.output);
      const { selectUnits } = await import('../apply/apply-platform.js');
      const { renderForApply } = await import('../synth/render.js');
      const { environmentName } = await import('../apply/secrets.js');
      const client = flags.offline ? undefined : await connectClient(flags);
      const rows = [];
      for (const unit of selectUnits(await platformOf(flags), instances).map(renderForApply)) {
        for (const secret of unit.secrets) {
          const live = client ? await client.get({ apiVersion: 'v1', kind: 'Secret', metadata: { name: secret.name, namespace: secret.namespace } }) : undefined;
          const data = (live as { data?: Record<string, string> } | undefined)?.data ?? {};
          for (const key of secret.keys) {
            rows.push({
              instance: unit.name, secret: `${secret.namespace}/${secret.name}`, key: key.key, source: key.source, description: key.description,
              present: client ? data[key.key] !== undefined : null, environment: key.source === 'supplied' ? environmentName(secret.name, key.key) : null,
            });
          }
        }
      }
      io.stdout(json ? `${JSON.stringify({ secrets: rows }, null, 2)}\n` : `${rows.map((r) => `${r.secret.padEnd(48)} ${r.key.padEnd(24)} ${r.source.padEnd(9)} ${r.present === null ? '' : r.present ? 'present  ' : 'MISSING  '}${r.description}`).join('\n')}\n`);
    });
}

function isJson(value: string): boolean {
  if (value !== 'text' && value !== 'json') throw new UsageError(`--output "${value}" must be text or json`);
  return value === 'json';
}

async function platformOf(flags: InspectFlags) {
  return readPlatform(choosePlatformFile(flags.platform));
}

async function connectClient(flags: InspectFlags) {
  const { connect } = await import('../apply/transport.js');
  const { ObjectClient } = await import('../apply/objects.js');
  return new ObjectClient(await connect({ kubeconfig: flags.kubeconfig, context: flags.context }));
}
