/** `saas-charts diff | status | secrets`: read-only views of a platform against its cluster. */
import type { Command } from 'commander';
import { instanceLabel, perCluster } from './cluster-targets.js';
import { createOutput, formatTable, withOutputOptions, type Output, type OutputFlags, type Style } from './output/index.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface InspectFlags extends OutputFlags {
  readonly platform?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly cluster?: string;
  readonly offline?: boolean;
}

const options = (command: Command, help: string) => withOutputOptions(command
  .argument('[instances...]', 'instances or tenant ids; all when none')
  .option('-p, --platform <file>', 'platform file (default: ./platform.yaml, else the embedded default)')
  .option('--kubeconfig <file>', 'kubeconfig')
  .option('--context <name>', 'kubeconfig context (default: each declared cluster\'s clusters[].context; with clusters, overrides one --cluster)')
  .option('--cluster <name>', 'only the instances on this cluster (clusters[].name of the platform file)'), { help });

interface SecretRow {
  readonly instance: string;
  readonly secret: string;
  readonly key: string;
  readonly source: string;
  readonly description: string;
  /** Null with --offline. */
  readonly present: boolean | null;
  /** The variable a supplied key can come from. */
  readonly environment: string | null;
}

const STATE_STYLES: Record<string, Style> = { ready: 'green', missing: 'red', failed: 'red' };

export function registerInspect(program: Command, io: CliIo): void {
  options(program.command('diff'), 'table: pending changes per instance with field diffs; json or yaml: {instances: [{instance, changes}]}')
    .description('what apply would change, field by field (server-side dry-run; secret values masked)')
    .addHelpText('after', '\nExamples:\n  $ saas-charts diff tenant-acme\n  $ saas-charts diff --output json | jq \'.instances[].changes | length\'')
    .action(async (instances: string[], flags: InspectFlags) => {
      const out = createOutput(flags, io);
      const { applyPlatform } = await import('../apply/apply-platform.js');
      const { formatChanges } = await import('./apply-command.js');
      const platform = await platformOf(flags, out);
      const { onCluster } = await import('./apply-command.js');
      const results = await perCluster(platform, flags, instances, out.detail, (client, cluster) => applyPlatform(client, platform, { only: instances, dryRun: true, diff: true, wait: false, cluster }));
      const pending = results.map((r) => ({ instance: r.instance, ...onCluster(r), changes: r.changes.filter((c) => c.action !== 'unchanged') }));
      await out.result({ instances: pending }, () => pending.map((r) => formatChanges(instanceLabel(r), r.changes, out.paint)).join(''));
      const count = pending.reduce((sum, r) => sum + r.changes.length, 0);
      if (count > 0) out.note(`${count} pending change${count === 1 ? '' : 's'}; run \`saas-charts apply${instances.length > 0 ? ` ${instances.join(' ')}` : ''}\` to make them`);
    });

  options(program.command('status'), 'table: one line per object (instance, state, object, message); json or yaml: {instances: [{instance, objects}]}')
    .description('readiness of every object of the chosen instances')
    .addHelpText('after', '\nExamples:\n  $ saas-charts status tenant-acme\n  $ saas-charts status tenant-acme --output json')
    .action(async (instances: string[], flags: InspectFlags) => {
      const out = createOutput(flags, io);
      const { selectUnits } = await import('../apply/apply-platform.js');
      const { renderForApply } = await import('../synth/render.js');
      const { readinessOf } = await import('../apply/readiness/index.js');
      const { describeObject } = await import('../apply/discovery.js');
      const platform = await platformOf(flags, out);
      const report = await perCluster(platform, flags, instances, out.detail, async (client, cluster) => {
        const instancesHere = [];
        for (const unit of selectUnits(platform, instances).filter((u) => cluster === undefined || u.cluster === cluster).map(renderForApply)) {
          const objects = [];
          for (const object of unit.objects) {
            const live = await client.get(object);
            const readiness = live ? readinessOf(live as never) : { state: 'missing', message: 'not found' };
            objects.push({ subject: describeObject(object), state: readiness.state, message: readiness.message });
          }
          instancesHere.push({ instance: unit.name, objects });
        }
        return instancesHere;
      });
      const rows = report.flatMap((r) => r.objects.map((o) => ({ instance: instanceLabel(r), ...o })));
      await out.result({ instances: report }, () => formatTable(rows, [
        { header: 'instance', value: (row) => row.instance },
        { header: 'state', value: (row) => row.state, style: (row) => STATE_STYLES[row.state] ?? 'yellow' },
        { header: 'object', value: (row) => row.subject },
        { header: 'message', value: (row) => row.message },
      ], { paint: out.paint }));
      const missing = [...new Set(rows.filter((row) => row.state === 'missing').map((row) => row.instance))];
      if (missing.length > 0) out.note(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing objects; run \`saas-charts apply ${missing.join(' ')}\` to create them`);
    });

  options(program.command('secrets'), 'table: one line per secret key (never a value); json or yaml: {secrets: [{instance, secret, key, source, present, environment}]}')
    .description('the Secrets each instance needs (generated or supplied) and, unless --offline, which exist; never a value')
    .option('--offline', 'list the declarations without asking the cluster')
    .addHelpText('after', '\nExamples:\n  $ saas-charts secrets --offline   # what to put in --secrets-file\n  $ saas-charts secrets tenant-acme --output json')
    .action(async (instances: string[], flags: InspectFlags) => {
      const out = createOutput(flags, io);
      const { selectUnits } = await import('../apply/apply-platform.js');
      const { renderForApply } = await import('../synth/render.js');
      const { environmentName } = await import('../apply/secrets.js');
      const platform = await platformOf(flags, out);
      const online = !flags.offline;
      const collect = async (client: import('../apply/objects.js').ObjectClient | undefined, cluster: string | undefined): Promise<SecretRow[]> => {
        const found: SecretRow[] = [];
        for (const unit of selectUnits(platform, instances).filter((u) => cluster === undefined || u.cluster === cluster).map(renderForApply)) {
          for (const secret of unit.secrets) {
            const live = client ? await client.get({ apiVersion: 'v1', kind: 'Secret', metadata: { name: secret.name, namespace: secret.namespace } }) : undefined;
            const data = (live as { data?: Record<string, string> } | undefined)?.data ?? {};
            for (const key of secret.keys) {
              found.push({
                instance: unit.name, secret: `${secret.namespace}/${secret.name}`, key: key.key, source: key.source, description: key.description,
                present: client ? data[key.key] !== undefined : null, environment: key.source === 'supplied' ? environmentName(secret.name, key.key) : null,
              });
            }
          }
        }
        return found;
      };
      const rows: SecretRow[] = online ? await perCluster(platform, flags, instances, out.detail, collect) : await collect(undefined, undefined);
      const columns = [
        { header: 'secret', value: (row: SecretRow) => row.secret },
        { header: 'key', value: (row: SecretRow) => row.key },
        { header: 'source', value: (row: SecretRow) => row.source },
        ...(online ? [{ header: 'present', value: (row: SecretRow) => (row.present ? 'yes' : 'MISSING'), style: (row: SecretRow): Style => (row.present ? 'green' : 'red') }] : []),
        { header: 'description', value: (row: SecretRow) => row.description },
      ];
      await out.result({ secrets: rows }, () => formatTable(rows, columns, { paint: out.paint }));
      const missing = rows.filter((row) => row.present === false && row.source === 'supplied');
      if (missing.length > 0) {
        out.note(`${missing.length} supplied key${missing.length === 1 ? ' is' : 's are'} missing (${missing.map((row) => `${row.secret}/${row.key}`).join(', ')}); `
          + `put them in a --secrets-file for apply, or set ${missing.map((row) => row.environment).join(', ')}`);
      }
    });
}

async function platformOf(flags: InspectFlags, out: Output) {
  return readPlatform(choosePlatformFile(flags.platform), out.detail);
}
