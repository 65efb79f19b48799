/** `saas-charts apply | delete`: server-side apply of the platform's chart instances, and their removal. */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { Change } from '../apply/changeset.js';
import type { LiveInstance } from '../apply/delete.js';
import { applyProgress } from './apply-progress.js';
import { readSecretsFile } from './secrets-file.js';
import { instanceLabel, perCluster } from './cluster-targets.js';
import { createOutput, withOutputOptions, type OutputFlags, type Painter, type Style } from './output/index.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface ClusterFlags extends OutputFlags {
  readonly platform?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly cluster?: string;
  readonly dryRun?: boolean;
}

interface ApplyFlags extends ClusterFlags {
  readonly prune?: boolean;
  readonly purge?: boolean;
  readonly adopt?: boolean;
  readonly forceConflicts?: boolean;
  readonly wait: boolean;
  readonly timeout: string;
  readonly secretsFile?: string;
  readonly diff?: boolean;
}

interface DeleteFlags extends ClusterFlags {
  readonly purge?: boolean;
  readonly yes?: boolean;
  readonly forceGitops?: boolean;
}

const clusterOptions = (command: Command) => withOutputOptions(command
  .option('-p, --platform <file>', 'platform file (default: ./platform.yaml, else the embedded default)')
  .option('--kubeconfig <file>', 'kubeconfig (default: $KUBECONFIG, ~/.kube/config, in-cluster)')
  .option('--context <name>', 'kubeconfig context (default: each declared cluster\'s clusters[].context; with clusters, overrides one --cluster)')
  .option('--cluster <name>', 'only the instances on this cluster (clusters[].name of the platform file)')
  .option('--dry-run', 'server-side dry-run: show what would change, write nothing'), {
  help: 'table: the changes per instance, progress on stderr; json or yaml: {dryRun, instances: [{instance, changes}]} (plus cluster with clusters declared), no progress',
});

export function registerApply(program: Command, io: CliIo): void {
  clusterOptions(program.command('apply'))
    .description('apply chart instances with server-side apply, stage by stage, waiting for readiness')
    .argument('[instances...]', 'instances (tenant-acme, acme-suitecrm, mechanicbuddy-system...) or tenant ids; all when none')
    .option('--prune', 'delete objects that left an instance (never Namespaces, PVCs or databases without --purge)')
    .option('--purge', 'let prune delete Namespaces, PVCs and database Clusters')
    .option('--adopt', 'take over objects that belong to another ApplySet')
    .option('--force-conflicts', 'take over fields other field managers own')
    .option('--no-wait', 'do not wait for readiness between stages')
    .option('--timeout <seconds>', 'longest wait per instance', '900')
    .option('--secrets-file <file>', 'YAML map of supplied secret values: "<secret>/<key>: value"')
    .option('--diff', 'show field-level changes (secret values masked)')
    .addHelpText('after', '\nWhen Argo CD or Flux syncs an instance this changes, a note on stderr names its Application or Kustomization:\n'
      + 'it rolls the change back at its next sync unless the platform file\'s `saas-charts synth` output (dist/) is committed.\n'
      + '\nExamples:\n  $ saas-charts apply --dry-run\n  $ saas-charts apply tenant-acme --secrets-file secrets.yaml --prune')
    .action(async (instances: string[], flags: ApplyFlags) => {
      const out = createOutput(flags, io);
      const timeout = Number(flags.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout "${flags.timeout}" must be a number of seconds, such as 900`);
      const supplied = flags.secretsFile ? await readSecretsFile(flags.secretsFile) : {};
      const platform = await readPlatform(choosePlatformFile(flags.platform), out.detail);
      const { applyPlatform } = await import('../apply/apply-platform.js');
      const { gitOpsNotes, CHANGING } = await import('./gitops-note.js');
      const gitops = gitOpsNotes();
      const progress = applyProgress(out);
      const started = performance.now();
      const signal = interruptSignal(io);
      // One pass per cluster, each through its own context; one pass when the platform declares none.
      const results = await perCluster(platform, flags, instances, out.detail, (client, cluster) => applyPlatform(client, platform, {
        only: instances, dryRun: flags.dryRun, prune: flags.prune, purge: flags.purge, adopt: flags.adopt, forceConflicts: flags.forceConflicts,
        wait: flags.wait, timeoutSeconds: timeout, suppliedSecrets: supplied, diff: flags.diff, signal, cluster,
        onProgress: progress.onProgress, inspectLive: gitops.inspectLive,
      })).finally(progress.done);
      out.detail(`applied ${results.length} instance${results.length === 1 ? '' : 's'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await out.result(
        { dryRun: flags.dryRun ?? false, instances: results.map((r) => ({ instance: r.instance, ...onCluster(r), applySet: r.set.id, changes: r.changes })) },
        () => results.map((r) => formatChanges(instanceLabel(r), r.changes, out.paint)).join(''),
      );
      if (flags.dryRun) out.note(`dry-run: nothing was written; run the same command without --dry-run to apply${flags.diff ? '' : ' (add --diff to see field changes)'}`);
      const kept = keptDataHolders(results.flatMap((r) => r.changes));
      if (kept > 0) out.note(`kept ${kept} object${kept === 1 ? '' : 's'} holding data that left the platform; to delete them too (the data is lost), add --purge`);
      const changed = results.filter((r) => r.changes.some((change) => CHANGING.has(change.action))).map((r) => r.instance);
      const reverted = gitops.note(changed, 'run `saas-charts synth` on this platform file and commit dist/', flags.dryRun);
      if (reverted) out.note(reverted);
    });

  clusterOptions(program.command('delete'))
    .description('delete chart instances in reverse order; Namespaces, PVCs and databases only with --purge')
    .argument('<instances...>', 'instances or tenant ids')
    .option('--purge', 'also delete Namespaces, PVCs and database Clusters (their data is lost)')
    .option('-y, --yes', 'confirm --purge without asking (required when not on a terminal)')
    .option('--force-gitops', 'delete even what Argo CD or Flux syncs from Git (it recreates it at its next sync)')
    .addHelpText('after', '\nRefused (exit 2, nothing deleted) when Argo CD or Flux syncs an instance from Git, since its next sync recreates it:\n'
      + 'take the instance out of the platform file, run `saas-charts synth` and commit dist/ so GitOps prunes it, or suspend the sync first.\n'
      + '\nExample:\n  $ saas-charts delete tenant-acme            # keeps the namespace, volumes and database')
    .action(async (instances: string[], flags: DeleteFlags) => {
      const out = createOutput(flags, io);
      const platform = await readPlatform(choosePlatformFile(flags.platform), out.detail);
      const { selectUnits } = await import('../apply/apply-platform.js');
      const { renderForApply } = await import('../synth/render.js');
      const { dataHolders, deleteLive, readInstance } = await import('../apply/delete.js');
      const { GitOpsDeleteError, gitOpsOwners } = await import('../apply/gitops-managed.js');
      const { gitOpsNotes } = await import('./gitops-note.js');
      const gitops = gitOpsNotes();
      const selected = selectUnits(platform, instances);
      const units = selected.map(renderForApply);
      if (flags.purge && !flags.dryRun) await confirmPurge(units.flatMap((u) => dataHolders(u.objects)), flags.yes ?? false);
      // Every instance on every cluster is read and checked before the first delete: a refusal leaves all of them as they were.
      const reads = await perCluster(platform, flags, instances, out.detail, async (client, cluster) => {
        const live: LiveInstance[] = [];
        for (const [index, unit] of [...units.entries()].reverse()) {
          if (cluster !== undefined && selected[index].cluster !== cluster) continue;
          live.push(await readInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects }));
        }
        return [{ client, live }];
      });
      const synced = reads.flatMap((read) => read.live).filter((instance) => gitOpsOwners(instance.members).length > 0);
      if (synced.length > 0 && !flags.dryRun && !flags.forceGitops) {
        throw new GitOpsDeleteError(synced.map((instance) => instance.instance).join(', '), gitOpsOwners(synced.flatMap((instance) => instance.members)));
      }
      const results: { instance: string; cluster?: string; changes: readonly Change[] }[] = [];
      for (const { client, live, cluster } of reads) {
        for (const instance of live) results.push({ instance: instance.instance, ...onCluster({ cluster }), changes: await deleteLive(client, instance, { ...flags, inspectLive: gitops.inspectLive }) });
      }
      await out.result({ dryRun: flags.dryRun ?? false, instances: results.map((r) => ({ instance: r.instance, ...onCluster(r), changes: r.changes })) },
        () => results.map((r) => formatChanges(instanceLabel(r), r.changes, out.paint)).join(''));
      const kept = keptDataHolders(results.flatMap((r) => r.changes));
      if (kept > 0) out.note(`kept ${kept} object${kept === 1 ? '' : 's'} holding data; to delete them too (the data is lost), run the same command with --purge --yes`);
      if (flags.dryRun) out.note('dry-run: nothing was deleted; run the same command without --dry-run to delete');
      const recreated = gitops.deleted(results.map((r) => r.instance), flags.dryRun);
      if (recreated) out.note(recreated);
    });
}

/** Ctrl-C stops between objects (the inventory stays a superset, so a re-run converges); a second Ctrl-C exits at once. */
export function interruptSignal(io: CliIo): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    io.stderr('\ninterrupted: finishing the object in flight, then stopping (Ctrl-C again to quit now)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return controller.signal;
}

/** `{cluster}` when the result carries one (clusters declared), else nothing: JSON without clusters keeps its shape. */
export function onCluster(result: { readonly cluster?: string }): { cluster?: string } {
  return result.cluster === undefined ? {} : { cluster: result.cluster };
}

async function confirmPurge(holders: readonly string[], yes: boolean): Promise<void> {
  if (yes || holders.length === 0) return;
  const warning = `--purge deletes data: ${holders.join(', ')}.`;
  if (!process.stdin.isTTY) throw new UsageError(`${warning} Pass --yes to confirm.`);
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    if ((await prompt.question(`${warning}\nType "purge" to confirm: `)).trim() !== 'purge') throw new UsageError('not confirmed; nothing was deleted (type "purge" to confirm, or pass --yes)');
  } finally {
    prompt.close();
  }
}

function keptDataHolders(changes: readonly Change[]): number {
  return changes.filter((change) => change.action === 'skipped' && change.reason?.startsWith('holds data')).length;
}

const ACTION_STYLES: Partial<Record<Change['action'], Style>> = { created: 'green', configured: 'yellow', deleted: 'red', skipped: 'dim' };

/** An instance's changes, one aligned line each, then counts per action; `paint` colours the actions. */
export function formatChanges(instance: string, changes: readonly Change[], paint: Painter = (_style, text) => text): string {
  const lines = [`${instance}:`];
  for (const change of changes) {
    const style = ACTION_STYLES[change.action];
    const action = change.action.padEnd(10);
    lines.push(`  ${style ? paint(style, action) : action} ${change.subject}${change.reason ? ` (${change.reason})` : ''}`);
    for (const line of change.diff ?? []) lines.push(`      ${line}`);
  }
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.action, (counts.get(change.action) ?? 0) + 1);
  lines.push(`  ${[...counts].map(([action, count]) => `${count} ${action}`).join(', ') || 'nothing to do'}`, '');
  return `${lines.join('\n')}\n`;
}
