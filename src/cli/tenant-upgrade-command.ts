/**
 * `saas-charts tenant upgrade ID --tier professional|enterprise [--finalize] [--dry-run]`:
 * a free or demo tenant moves from the shared free tier to its own deployment
 * with its data; a dedicated tenant changes tier in place. Every step is
 * recorded on the cluster, so running the command again continues (or, once
 * done, does nothing).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { RecordedFields, StepReport, UpgradeReport } from '../apply/tier-upgrade/index.js';
import type { Tier } from '../platform/schema.js';
import { applyProgress } from './apply-progress.js';
import { connectTenantCluster } from './cluster-targets.js';
import { createOutput, withOutputOptions, type OutputFlags } from './output/index.js';
import { choosePlatformFile, notePins, readPlatform, replacePlatformFile } from './platform-file.js';
import type { CliIo } from './program.js';
import { readSecretsFile } from './secrets-file.js';

interface UpgradeFlags extends OutputFlags {
  readonly tier: string;
  readonly finalize?: boolean;
  readonly dryRun?: boolean;
  readonly platform?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly secretsFile?: string;
  readonly timeout: string;
}

const TIERS = ['professional', 'enterprise'];

export function registerTenantUpgrade(tenant: Command, io: CliIo): void {
  withOutputOptions(tenant.command('upgrade'), { formats: ['table', 'json', 'yaml'] })
    .description('move a free or demo tenant to its own deployment with its data, or change a dedicated tenant\'s tier in place; resumable, and a no-op once done')
    .argument('<id>', 'tenant id')
    .requiredOption('--tier <tier>', TIERS.join(' or '))
    .option('--finalize', 'after a finished move: drop the tenant\'s schema from the shared database (only once the dedicated deployment is ready and the data-move Job succeeded)')
    .option('--dry-run', 'show the steps that would run; nothing is written')
    .option('-p, --platform <file>', 'platform file (default: ./platform.yaml)')
    .option('--kubeconfig <file>', 'kubeconfig (default: $KUBECONFIG, ~/.kube/config, in-cluster)')
    .option('--context <name>', 'kubeconfig context')
    .option('--secrets-file <file>', 'supplied secret values of the dedicated tenant ("<secret>/<key>: value")')
    .option('--timeout <seconds>', 'longest wait of a step', '3600')
    .addHelpText('after', '\nWhen Argo CD or Flux syncs an instance the upgrade changes, a note on stderr names its Application or Kustomization:\n'
      + 'it rolls the change back at its next sync unless the platform file and its `saas-charts synth` output (dist/) are committed.\n'
      + '\nExamples:\n  $ saas-charts tenant upgrade joes-garage --tier professional --secrets-file secrets.yaml\n  $ saas-charts tenant upgrade joes-garage --tier professional --finalize')
    .action(async (id: string, flags: UpgradeFlags) => {
      if (!TIERS.includes(flags.tier)) throw new UsageError(`--tier "${flags.tier}" is not one of ${TIERS.join(', ')} (an upgrade goes to a paid tier)`);
      const timeout = Number(flags.timeout);
      if (!Number.isInteger(timeout) || timeout <= 0) throw new UsageError(`--timeout "${flags.timeout}" must be a whole number of seconds`);
      const out = createOutput(flags, io);
      const choice = choosePlatformFile(flags.platform);
      if (choice.embedded && !flags.dryRun) throw new UsageError('no platform.yaml here to record the new tier in; pass --platform FILE');
      const platform = await readPlatform(choice, out.detail);
      const { upgradeTenantTier, UpgradeStepError } = await import('../apply/tier-upgrade/index.js');
      const { interruptSignal } = await import('./apply-command.js');
      // Through the tenant's cluster context when the platform declares clusters (a shared tenant: the home cluster).
      const client = await connectTenantCluster(platform, id, flags, out.detail);
      const applying = applyProgress(out);
      const steps = out.progress();
      const { gitOpsNotes, CHANGING } = await import('./gitops-note.js');
      const gitops = gitOpsNotes();
      // The applies run one after another, and their changes come as progress events: each belongs to the instance inspected last.
      const changed = new Set<string>();
      let current: string | undefined;
      const done = () => {
        applying.done();
        steps.done();
      };
      const noteGitOps = () => {
        const reverted = gitops.note(changed, 'commit the platform file, run `saas-charts synth` and commit dist/', flags.dryRun);
        if (reverted) out.note(reverted);
      };
      try {
        const report = await upgradeTenantTier(client, platform, id, flags.tier as Tier, {
          dryRun: flags.dryRun,
          finalize: flags.finalize,
          timeoutSeconds: timeout,
          suppliedSecrets: flags.secretsFile ? await readSecretsFile(flags.secretsFile) : {},
          signal: interruptSignal(io),
          recordTier: (fields) => recordTier(choice.path, id, fields, out.note),
          onStep: (step) => steps.update(`step ${step.name}: ${MARKS[step.state]}`),
          onProgress: (event) => {
            if (event.type === 'change' && current !== undefined && CHANGING.has(event.change.action)) changed.add(current);
            applying.onProgress(event);
          },
          inspectLive: (live, instance) => {
            current = instance;
            gitops.inspectLive(live, instance);
          },
        });
        done();
        await out.result(report, () => formatReport(report));
        noteGitOps();
      } catch (error) {
        done();
        if (error instanceof UpgradeStepError) await out.result(error.report, () => formatReport(error.report));
        noteGitOps();
        throw error;
      }
    });
}

const MARKS: Record<StepReport['state'], string> = { done: 'done', 'already-done': 'already done', 'would-run': 'would run', failed: 'FAILED', pending: 'pending' };

export function formatReport(report: UpgradeReport): string {
  const head: Record<UpgradeReport['outcome'], string> = {
    upgraded: `tenant ${report.tenant}: ${report.from} -> ${report.to} (${report.path})`,
    'already-done': `tenant ${report.tenant}: already done (${report.from} -> ${report.to}); nothing written`,
    'dry-run': `tenant ${report.tenant}: ${report.from} -> ${report.to} (${report.path}), dry-run: nothing written`,
    failed: `tenant ${report.tenant}: ${report.from} -> ${report.to} stopped at step "${report.failure?.step}"`,
  };
  const width = Math.max(...report.steps.map((step) => step.name.length), 4);
  const lines = [head[report.outcome]];
  for (const step of report.steps) {
    const time = step.seconds !== undefined ? `${step.seconds.toFixed(1)} s` : '';
    lines.push(`  ${step.name.padEnd(width)}  ${MARKS[step.state].padEnd(12)} ${time.padStart(7)}  ${step.detail}`);
  }
  if (report.failure) lines.push(`  way out: ${report.failure.wayOut}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The fields the upgrade changes (tier; placement and cluster where needed) into the platform file, comments kept;
 * should the file have changed since the move began, any tenant the edit would move is pinned where it runs.
 */
async function recordTier(path: string, id: string, fields: RecordedFields, note: (text: string) => void): Promise<boolean> {
  const { setTenantFields } = await import('../platform/edit.js');
  const { keepPlacement } = await import('../platform/keep-placement.js');
  const { parseDocument } = await import('yaml');
  const text = await readFile(path, 'utf8');
  const entry = (parseDocument(text).toJS() as { tenants?: Record<string, unknown>[] }).tenants?.find((t) => t.id === id) ?? {};
  const wanted = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Record<string, string>;
  if (Object.entries(wanted).every(([key, value]) => entry[key] === value)) return false;
  const kept = keepPlacement(text, setTenantFields(text, id, wanted), { source: path });
  await replacePlatformFile(path, kept.text);
  notePins(note, path, kept.pinned);
  return true;
}
