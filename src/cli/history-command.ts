/** `saas-charts history INSTANCE` and `saas-charts rollback INSTANCE [--to N]`: the revisions recorded in the cluster. */
import type { Command } from 'commander';
import type { GitOpsOwner } from '../apply/gitops-managed.js';
import type { ObjectClient } from '../apply/objects.js';
import type { RevisionRecord } from '../apply/revisions.js';
import type { SynthUnit } from '../synth/units.js';
import { createOutput, formatTable, withOutputOptions, type OutputFlags } from './output/index.js';
import { seconds, wholeNumber, withClusterTarget, type ConnectionFlags } from './fleet-flags.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';
import type { CliIo } from './program.js';

interface HistoryFlags extends ConnectionFlags, OutputFlags {
  readonly namespace?: string;
}

interface RollbackFlags extends HistoryFlags {
  readonly to?: string;
  readonly dryRun?: boolean;
  readonly prune?: boolean;
  readonly forceGitops?: boolean;
  readonly timeout: string;
}

const withNamespace = (command: Command) => command
  .option('-n, --namespace <namespace>', 'namespace of the instance (default: from the platform file, else the instance name)');

export function registerHistory(program: Command, io: CliIo): void {
  withOutputOptions(withNamespace(withClusterTarget(program.command('history'))), { formats: ['table', 'json'] })
    .description('revisions recorded for a chart instance: when, by which saas-charts version, applied or failed')
    .argument('<instance>', 'chart instance (tenant-acme, acme-suitecrm, mechanicbuddy-system...) or tenant id')
    .addHelpText('after', '\nExample:\n  $ saas-charts history tenant-acme')
    .action(async (name: string, flags: HistoryFlags) => {
      const out = createOutput(flags, io);
      const { instance, namespace, connect } = await locate(name, flags, out.detail);
      const { listRevisions } = await import('../apply/revisions.js');
      const revisions = await listRevisions(await connect(), instance, namespace);
      await out.result({ instance, namespace, revisions }, () => formatHistory(instance, revisions));
    });

  withOutputOptions(withNamespace(withClusterTarget(program.command('rollback'))), { formats: ['table', 'json'] })
    .description('re-apply a recorded revision of a chart instance (default: the previous applied one); data is never rolled back')
    .argument('<instance>', 'chart instance or tenant id')
    .option('--to <revision>', 'revision number to restore (see `saas-charts history`)')
    .option('--dry-run', 'server-side dry-run: show what would change, write nothing')
    .option('--prune', 'also delete objects the revision does not have (never Namespaces, PVCs or databases)')
    .option('--force-gitops', 'roll back even though Argo CD or Flux syncs the instance from Git (it rolls it forward again)')
    .option('--timeout <seconds>', 'longest wait', '900')
    .addHelpText('after', '\nDatabase contents, volumes and Secrets stay as they are: only Kubernetes objects go back.\n'
      + 'Refused (exit 2) when Argo CD or Flux syncs the live objects from Git: revert the commit there instead, or suspend the sync first.\n'
      + 'With --output json: {instance, namespace, from, to, revision?, dryRun, notice, gitops: [{controller: argocd|flux, name?, namespace?}], changes}.\n\nExamples:\n  $ saas-charts rollback tenant-acme\n  $ saas-charts rollback tenant-acme --to 3 --dry-run')
    .action(async (name: string, flags: RollbackFlags) => {
      const out = createOutput(flags, io);
      const to = flags.to === undefined ? undefined : wholeNumber('--to', flags.to, 1);
      const timeoutSeconds = seconds('--timeout', flags.timeout);
      const { instance, namespace, connect } = await locate(name, flags, out.detail);
      const { rollbackInstance } = await import('../apply/rollback.js');
      const { formatChanges, interruptSignal } = await import('./apply-command.js');
      const result = await rollbackInstance(await connect(), instance, namespace, { to, dryRun: flags.dryRun, prune: flags.prune, forceGitOps: flags.forceGitops, timeoutSeconds, signal: interruptSignal(io) });
      const platformNote = `The platform file still describes what was applied last; change it to match (e.g. tenants[].imageTag) or the next \`saas-charts apply\` rolls ${instance} forward again.`;
      const gitopsNote = await gitOpsNote(result.gitops, flags.dryRun ?? false);
      await out.result(
        { instance, namespace, from: result.from, to: result.to, revision: result.revision, dryRun: flags.dryRun ?? false, notice: result.notice, gitops: result.gitops, changes: result.changes },
        () => `${flags.dryRun ? 'would roll back' : 'rolled back'} ${instance} from revision ${result.from} to revision ${result.to}${result.revision ? ` (recorded as revision ${result.revision})` : ''}\n${formatChanges(instance, result.changes)}${result.notice}\n${platformNote}\n${gitopsNote ? `${gitopsNote}\n` : ''}`,
      );
      if (out.format !== 'table') out.note(`${result.notice} ${platformNote}${gitopsNote ? ` ${gitopsNote}` : ''}`);
    });
}

/** What a dry-run (refused for real) or a forced rollback of GitOps-synced objects means; undefined when none are. */
async function gitOpsNote(owners: readonly GitOpsOwner[], dryRun: boolean): Promise<string | undefined> {
  if (owners.length === 0) return undefined;
  const { describeOwner } = await import('../apply/gitops-managed.js');
  const synced = `${owners.map(describeOwner).join(' and ')} ${owners.length === 1 ? 'syncs' : 'sync'} these objects from Git and roll${owners.length === 1 ? 's' : ''} them forward again at the next sync`;
  return dryRun ? `GitOps: ${synced}; without --dry-run the rollback is refused unless --force-gitops.` : `GitOps: ${synced}, unless it was suspended or the commit reverted.`;
}

/**
 * Instance, namespace and how to reach its cluster: a tenant id means tenant-{id}; the platform
 * file knows the namespace of its instances and, with clusters declared, their cluster.
 */
async function locate(name: string, flags: HistoryFlags, detail: (text: string) => void): Promise<{ instance: string; namespace: string; connect: () => Promise<ObjectClient> }> {
  const { connectCluster } = await import('./cluster-targets.js');
  const { selectUnits } = await import('../apply/apply-platform.js');
  const { renderForApply } = await import('../synth/render.js');
  const { SafetyError } = await import('../apply/errors.js');
  const platform = await readPlatform(choosePlatformFile(flags.platform));
  let unit: SynthUnit | undefined;
  try {
    unit = selectUnits(platform, [name])[0];
  } catch (error) {
    // Not (or no longer) in the platform file: its history is still in the cluster.
    if (!(error instanceof SafetyError)) throw error;
  }
  const connect = () => connectCluster(platform, unit?.cluster, flags, detail);
  if (!unit) return { instance: name, namespace: flags.namespace ?? name, connect };
  return { instance: unit.name, namespace: flags.namespace ?? renderForApply(unit).namespace, connect };
}

function formatHistory(instance: string, revisions: readonly RevisionRecord[]): string {
  if (revisions.length === 0) return `${instance}: no revisions recorded\n`;
  const newest = revisions.at(-1)!.revision;
  return formatTable(revisions, [
    { header: 'revision', value: (r) => `${r.revision}${r.revision === newest ? '*' : ''}`, align: 'right' },
    { header: 'status', value: (r) => r.status },
    { header: 'applied at', value: (r) => r.appliedAt },
    { header: 'saas-charts', value: (r) => r.libraryVersion },
    { header: 'objects', value: (r) => String(r.objectCount), align: 'right' },
    { header: 'note', value: (r) => (r.rollbackOf !== undefined ? `rollback to ${r.rollbackOf}` : r.message ?? '') },
  ]);
}
