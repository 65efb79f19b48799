/** `saas-charts tenant expire`: deprovision dedicated demo tenants whose trial is over (also what the demo-expiry CronJob runs). */
import type { Command } from 'commander';
import { ExitCode, SaasChartsError, UsageError } from '../errors.js';
import type { GitOpsOwner } from '../apply/gitops-managed.js';
import type { ExpireResult } from '../fleet/expire.js';
import { createOutput, formatTable, withOutputOptions, type OutputFlags } from './output/index.js';
import { withClusterTarget, type ConnectionFlags } from './fleet-flags.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';
import type { CliIo } from './program.js';

interface ExpireFlags extends ConnectionFlags, OutputFlags {
  readonly data?: string;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly at?: string;
  readonly cluster?: string;
  readonly forceGitops?: boolean;
}

/** Adds `expire` to the `tenant` command (kept apart from tenant-command.ts, one concept per file). */
export function registerTenantExpire(program: Command, io: CliIo): void {
  const tenant = program.commands.find((command) => command.name() === 'tenant') ?? program.command('tenant');
  withOutputOptions(withClusterTarget(tenant.command('expire')), { formats: ['table', 'json'] })
    .description('deprovision dedicated demo tenants whose trial has ended (namespace annotation mechanicbuddy.app/expires-at); data kept unless global.demoExpiredData is delete')
    .option('--data <policy>', 'keep or delete the namespace, volumes and database (default: global.demoExpiredData of the platform file, keep)')
    .option('--cluster <name>', 'only this cluster (clusters[].name); default every declared cluster')
    .option('--dry-run', 'list what would be deprovisioned; delete nothing')
    .option('-y, --yes', 'confirm deleting data (with --data delete)')
    .option('--at <time>', 'decide expiry as of this ISO time instead of now, e.g. 2026-12-01T00:00:00Z (with --dry-run: what expires by then)')
    .option('--force-gitops', 'deprovision tenants Argo CD or Flux syncs from Git too (they come back at the next sync)')
    .addHelpText('after', '\nA tenant Argo CD or Flux syncs from Git is left alone (state synced-by-gitops) and reported with its Application\n'
      + 'or Kustomization: remove it from the platform file and dist/, and GitOps prunes it (or pass --force-gitops).\n'
      + 'With --output json: {checkedAt, dataKept, dryRun, expired: [{tenant, namespace, expiresAt?, state, outcome, changes, error?,\n'
      + '  gitops?: {controller: argocd|flux, name?, namespace?}, cluster?}], others: [{tenant, namespace, expiresAt?, state, cluster?}]}.\n'
      + '\nExamples:\n  $ saas-charts tenant expire --dry-run\n  $ saas-charts tenant expire --data delete --yes')
    .action(async (flags: ExpireFlags) => {
      const out = createOutput(flags, io);
      if (flags.data !== undefined && flags.data !== 'keep' && flags.data !== 'delete') throw new UsageError(`--data "${flags.data}" must be keep or delete`);
      const at = flags.at === undefined ? undefined : Date.parse(flags.at);
      if (at !== undefined && Number.isNaN(at)) throw new UsageError(`--at "${flags.at}" is not a time; use ISO 8601, e.g. 2026-12-01T00:00:00Z`);
      // A future time would end trials that are still running: only a preview may look ahead.
      if (at !== undefined && at > Date.now() && !flags.dryRun) throw new UsageError(`--at "${flags.at}" is in the future and would end trials that are still running; add --dry-run to see what expires by then`);
      // The CronJob passes --data and has no platform file: the embedded default, one cluster (in-cluster).
      const platform = await readPlatform(choosePlatformFile(flags.platform));
      const policy = flags.data ?? platform.global.demoExpiredData;
      const deleteData = policy === 'delete';
      if (deleteData && !flags.dryRun && !flags.yes) throw new UsageError('--data delete deletes expired demo tenants\' namespaces, volumes and databases; pass --yes to confirm (or --dry-run to see which)');
      const { expireDemoTenants } = await import('../fleet/expire.js');
      const { perCluster } = await import('./cluster-targets.js');
      // Every cluster holds its own demo tenants: each is read and expired through its context.
      const results = await perCluster(platform, flags, [], out.detail, async (client) => [await expireDemoTenants(client, { deleteData, dryRun: flags.dryRun, forceGitOps: flags.forceGitops, now: at === undefined ? undefined : () => at })]);
      const result = mergeClusters(results);
      const { describeOwner } = await import('../apply/gitops-managed.js');
      await out.result(result, () => formatExpiry(result, describeOwner));
      // The CronJob logs JSON: the warning goes to stderr there.
      const recreated = gitOpsHint(result, describeOwner);
      if (recreated && out.format !== 'table') out.note(recreated);
      const failed = result.expired.filter((t) => t.outcome === 'failed');
      if (failed.length > 0) {
        throw new ExpiryIncomplete(`${failed.length} of ${result.expired.length} expired demo tenant${result.expired.length === 1 ? '' : 's'} could not be deprovisioned (${failed.map((t) => t.tenant).join(', ')}); the others were. First refusal: ${failed[0].error}`);
      }
    });
}

/** Some expired tenants were refused by the cluster; the result, with the others' outcome, has been printed. */
export class ExpiryIncomplete extends SaasChartsError {
  constructor(message: string) {
    super('cluster', message, ExitCode.CLUSTER);
  }
}

/** One result for all clusters; each tenant names its cluster when there are several. */
function mergeClusters(results: ReadonlyArray<ExpireResult & { readonly cluster?: string }>): ExpireResult {
  const tag = <T extends object>(cluster: string | undefined, list: readonly T[]): T[] => list.map((item) => (cluster === undefined ? item : { ...item, cluster }));
  const [first] = results;
  if (results.length === 1 && first.cluster === undefined) return first;
  return {
    checkedAt: first.checkedAt, dataKept: first.dataKept, dryRun: first.dryRun,
    expired: results.flatMap((r) => tag(r.cluster, r.expired)),
    others: results.flatMap((r) => tag(r.cluster, r.others)),
  };
}

/** What to do about expired tenants a GitOps controller syncs (left alone, or forced and coming back); undefined when there are none. */
function gitOpsHint(result: ExpireResult, describeOwner: (owner: GitOpsOwner) => string): string | undefined {
  const synced = result.expired.filter((t) => t.gitops !== undefined);
  if (synced.length === 0) return undefined;
  const owners = [...new Set(synced.map((t) => describeOwner(t.gitops!)))].join(', ');
  const them = synced.length === 1 ? 'it' : 'them';
  const leave = `remove ${them} from the platform file, run \`saas-charts synth\` and commit dist/`;
  return synced.every((t) => t.outcome === 'synced-by-gitops')
    ? `GitOps (${owners}) syncs ${synced.map((t) => t.tenant).join(', ')} from Git, so ${them} ${synced.length === 1 ? 'was' : 'were'} left alone: ${leave}, and GitOps prunes ${them} (or pass --force-gitops).`
    : `GitOps (${owners}) syncs ${synced.map((t) => t.tenant).join(', ')} from Git and will recreate ${them}: ${leave}.`;
}

function formatExpiry(result: ExpireResult, describeOwner: (owner: GitOpsOwner) => string): string {
  const data = result.dataKept ? 'data kept: namespaces, volumes and databases stay until `tenant deprovision --purge`' : 'data deleted: namespaces, volumes and databases go too';
  const head = `${result.expired.length} expired demo tenant${result.expired.length === 1 ? '' : 's'} as of ${result.checkedAt}${result.dryRun ? ' (dry-run: nothing deleted)' : ''}; ${data}\n`;
  const rows = [
    ...result.expired.map((t) => ({ tenant: t.tenant, expiresAt: t.expiresAt ?? '', state: t.outcome, detail: [t.error?.split('\n')[0] ?? detail(t.changes), t.gitops && `synced by ${describeOwner(t.gitops)}`].filter(Boolean).join('; ') })),
    ...result.others.map((t) => ({ tenant: t.tenant, expiresAt: t.expiresAt ?? '', state: t.state, detail: '' })),
  ];
  const recreated = gitOpsHint(result, describeOwner);
  const hint = (result.expired.length > 0 ? 'Remove expired tenants from the platform file, or the next `saas-charts apply` provisions them again.\n' : '') + (recreated ? `${recreated}\n` : '');
  return head + formatTable(rows, [
    { header: 'tenant', value: (r) => r.tenant },
    { header: 'expires', value: (r) => r.expiresAt },
    { header: 'state', value: (r) => r.state },
    { header: 'detail', value: (r) => r.detail },
  ]) + hint;
}

function detail(changes: readonly { action: string }[]): string {
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.action, (counts.get(change.action) ?? 0) + 1);
  return [...counts].map(([action, count]) => `${count} ${action}`).join(', ');
}
