/**
 * `saas-charts brick deploy|pause|resume|delete`: edits the platform file
 * (comments and order kept), checks the result, then rewrites only the files
 * of dist/ that changed. Nothing is written when anything fails.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { ManifestObject } from '../../constructs/index.js';
import { ChecksFailed, UsageError } from '../errors.js';
import { BRICK_APPS, type BrickAppName } from '../platform/choices.js';
import type { BrickAction } from '../platform/edit.js';
import type { Change } from '../apply/changeset.js';
import { createOutput, withOutputOptions, type Output, type OutputFlags } from './output/index.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, describePins, replacePlatformFile } from './platform-file.js';
import { readSecretsFile } from './secrets-file.js';

interface BrickFlags extends OutputFlags {
  readonly apply?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly secretsFile?: string;
  readonly customer: string;
  readonly app: string;
  readonly set?: string[];
  readonly platform?: string;
  readonly out: string;
  readonly yes?: boolean;
}

export function registerBrick(program: Command, io: CliIo): void {
  const brick = program
    .command('brick')
    .description('deploy, pause, resume or delete a marketplace brick (edits the platform file, re-synthesizes its files)');
  for (const action of ['deploy', 'pause', 'resume', 'delete'] as const) {
    const command = withOutputOptions(brick
      .command(action)
      .description(DESCRIPTIONS[action])
      .requiredOption('--customer <id>', 'customer id')
      .requiredOption('--app <app>', `one of ${BRICK_APPS.join(', ')}`)
      .option('-p, --platform <file>', 'platform file to edit (default: ./platform.yaml)')
      .option('--out <dir>', 'output folder', 'dist')
      .option('--apply', 'also apply the change to the cluster (server-side apply; delete keeps volumes)')
      .option('--kubeconfig <file>', 'kubeconfig, with --apply')
      .option('--context <name>', 'kubeconfig context, with --apply')
      .option('--secrets-file <file>', 'supplied secret values, with --apply'), {
      help: 'table: what changed in the platform file and the output folder (and the cluster, with --apply); json or yaml: {action, brick, platformFile, out, written, removed, pinned: [{kind, name, cluster, reason}], applied}',
      hint: 'the output folder is --out DIR',
    })
      .addHelpText('after', '\nWith --apply, when Argo CD or Flux syncs the brick, a note on stderr names its Application or Kustomization:\n'
        + 'it rolls the change back at its next sync unless the platform file and the output folder are committed.\n'
        + `\nExample:\n  $ saas-charts brick ${action} --customer acme --app suitecrm${action === 'deploy' ? ' --set crm.pvcSize=20Gi' : ''}`)
      .action((flags: BrickFlags) => runBrick(action, flags, io));
    if (action === 'deploy') command.option('--set <key=value...>', 'crm.pvcSize, ged.pvcSize, backup.pvcSize, database.pvcSize or host');
    if (action === 'delete') command.option('-y, --yes', 'confirm without asking (required when not on a terminal)');
  }
}

const DESCRIPTIONS: Record<BrickAction, string> = {
  deploy: 'add a brick, or update its settings and set it running',
  pause: 'scale every workload of a brick to 0 and suspend its backups; volumes and Secrets stay',
  resume: 'run a paused brick again',
  delete: 'remove a brick from the platform (asks for confirmation: its workloads and Secrets go)',
};

async function runBrick(action: BrickAction, flags: BrickFlags, io: CliIo): Promise<void> {
  const out = createOutput(flags, io);
  if (!(BRICK_APPS as readonly string[]).includes(flags.app)) throw new UsageError(`--app "${flags.app}" is not one of ${BRICK_APPS.join(', ')}`);
  const choice = choosePlatformFile(flags.platform);
  if (choice.embedded) throw new UsageError('no platform.yaml here to edit; pass --platform FILE');
  const { editBrick, parseBrickSettings } = await import('../platform/edit.js');
  const { parsePlatform } = await import('../platform/load.js');
  const { brickNamespace } = await import('../platform/naming.js');
  const { keepPlacement } = await import('../platform/keep-placement.js');

  const before = await readFile(choice.path, 'utf8').catch((error: unknown) => {
    throw new UsageError(`cannot read ${choice.path}: ${(error as Error).message}; pass the platform file with --platform FILE`);
  });
  out.detail(`editing ${choice.path}`);
  const edit = editBrick(before, { action, customer: flags.customer, app: flags.app as BrickAppName, settings: parseBrickSettings(flags.set ?? []) });
  const name = brickNamespace(flags.customer, flags.app);
  // With clusters: deploy pins the brick where it is placed, and no other brick changes cluster (a delete pins those it would move).
  const kept = keepPlacement(before, edit.text, { source: choice.path, subjects: action === 'deploy' ? [{ kind: 'brick', name }] : [] });
  const platform = kept.platform;
  // Delete acts on the brick as it was: after the edit it is gone from the platform.
  const previous = action === 'delete' ? parsePlatform(before, choice.path) : platform;

  const changes = await renderChanges(platform, name);
  if (action === 'delete') await confirmDelete(name, flags, io);

  await replacePlatformFile(choice.path, kept.text);
  const { updateOutput } = await import('../synth/update-output.js');
  let outcome = await updateOutput(flags.out, changes);
  if (!outcome) {
    const { synthPlatform } = await import('../synth/synth.js');
    const { writeOutput } = await import('../synth/staged-output.js');
    const result = synthPlatform(platform);
    await writeOutput(result.files, flags.out);
    outcome = { written: result.files.map((f) => f.path), removed: [] };
  }
  const touched = [...outcome.written.map((p) => `wrote ${p}`), ...outcome.removed.map((p) => `removed ${p}`)];
  const { gitOpsNotes, CHANGING } = await import('./gitops-note.js');
  const gitops = gitOpsNotes();
  const applied = flags.apply
    ? await applyToCluster(action, previous, flags, io, out, gitops.inspectLive).catch((error: unknown) => {
      const next = action === 'delete' ? 'its objects are still in the cluster' : `then run \`saas-charts apply ${flags.customer}-${flags.app}\``;
      out.note(`${edit.summary} in ${choice.path} and ${flags.out}/ is up to date, but the cluster is not: fix the error below; ${next}`);
      throw error;
    })
    : undefined;
  const { formatChanges } = await import('./apply-command.js');
  await out.result({
    action, brick: name, customer: flags.customer, app: flags.app, summary: edit.summary, platformFile: choice.path, out: flags.out,
    written: outcome.written, removed: outcome.removed, pinned: kept.pinned.map(({ at: _at, ...pin }) => pin), applied: applied ?? null,
  }, () => `${edit.summary} in ${choice.path}; ${flags.out}/: ${touched.length > 0 ? touched.join(', ') : 'already up to date'}\n`
    + (kept.pinned.length > 0 ? `pinned in ${choice.path}: ${describePins(kept.pinned)}\n` : '')
    + (applied ? formatChanges(applied.instance, applied.changes, out.paint) : ''));
  if (!flags.apply) out.note(`the cluster is unchanged: commit ${flags.out}/ for your GitOps tool, or run the same command with --apply`);
  const changed = applied?.changes.some((change) => CHANGING.has(change.action)) ? [applied.instance] : [];
  const reverted = gitops.note(changed, `commit ${choice.path} and ${flags.out}/`);
  if (reverted) out.note(reverted);
}

/** The files a brick change can touch: its own, and the GitOps wiring that lists the bricks folder. */
async function renderChanges(platform: import('../platform/schema.js').Platform, name: string) {
  const { platformUnits } = await import('../synth/units.js');
  const { synthUnit } = await import('../synth/synth.js');
  const units = platformUnits(platform).filter((unit) => unit.name === name || unit.kind === 'flux' || unit.kind === 'gitops');
  const outputs = units.map((unit) => synthUnit(unit, true));
  const errors = outputs.flatMap((output) => output.check?.findings.filter((f) => f.severity === 'error') ?? []);
  if (errors.length > 0) throw new ChecksFailed(`the change fails ${errors.length} check${errors.length === 1 ? '' : 's'} (${errors[0].rule}: ${errors[0].message}); nothing was written; fix the setting it names (deploy takes --set) and run again`);
  const changes = outputs.map((output) => ({ path: output.file.path, content: output.file.objects > 0 ? output.file.content : undefined }));
  // Where the brick's file (and a cluster's Flux wiring) may have been before: removed unless written now (removing an absent file does nothing).
  const clusters = (platform.clusters ?? []).map((cluster) => cluster.name);
  const before = [`bricks/${name}.k8s.yaml`, ...clusters.flatMap((cluster) => [`clusters/${cluster}/bricks/${name}.k8s.yaml`, `gitops/flux-${cluster}.k8s.yaml`])];
  for (const path of before) if (!changes.some((change) => change.path === path)) changes.push({ path, content: undefined });
  return changes;
}

async function confirmDelete(name: string, flags: BrickFlags, io: CliIo): Promise<void> {
  if (flags.yes) return;
  const warning = `Deleting brick ${name} removes its manifests: once applied (Flux prunes them), its workloads, Services, Ingress, Secrets `
    + '(database and admin passwords) and certificate are deleted. Its volumes carry prune-disabled annotations and stay until you delete them.';
  if (!process.stdin.isTTY) throw new UsageError(`${warning} Pass --yes to confirm.`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${warning}\nType the brick name (${name}) to confirm: `);
    if (answer.trim() !== name) throw new UsageError(`not confirmed; nothing was changed (type ${name} to confirm, or pass --yes)`);
  } finally {
    prompt.close();
  }
  io.stderr('');
}


async function applyToCluster(
  action: BrickAction, platform: import('../platform/schema.js').Platform, flags: BrickFlags, io: CliIo, out: Output,
  inspectLive: (live: readonly ManifestObject[], instance: string) => void,
): Promise<{ instance: string; changes: readonly Change[] }> {
  const { applyBrick, deleteBrick } = await import('../apply/bricks.js');
  const { interruptSignal } = await import('./apply-command.js');
  const { applyProgress } = await import('./apply-progress.js');
  const { perCluster } = await import('./cluster-targets.js');
  const instance = `${flags.customer}-${flags.app}`;
  // With clusters declared: the brick's own cluster, through its context.
  const [result] = await perCluster(platform, flags, [instance], out.detail, async (client) => {
    if (action === 'delete') return [{ instance, changes: await deleteBrick(client, platform, flags.customer, flags.app, { inspectLive }) }];
    const supplied = flags.secretsFile ? await readSecretsFile(flags.secretsFile) : {};
    const progress = applyProgress(out);
    const applied = await applyBrick(client, platform, flags.customer, flags.app, { suppliedSecrets: supplied, signal: interruptSignal(io), onProgress: progress.onProgress, inspectLive })
      .finally(progress.done);
    return [{ instance, changes: applied.changes }];
  });
  return { instance: result.instance, changes: result.changes };
}
