/** `saas-charts fleet upgrade`: a new image tag for the dedicated tenants, wave by wave, stopping at the first failure. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ExitCode, SaasChartsError, UsageError } from '../errors.js';
import type { Tier } from '../platform/choices.js';
import { tenantNamespace } from '../platform/naming.js';
import type { FleetUpgradeSummary } from '../fleet/upgrade.js';
import type { UpgradePlan } from '../fleet/upgrade-plan.js';
import { createOutput, formatTable, withOutputOptions, type OutputFlags } from './output/index.js';
import { seconds, wholeNumber, withClusterTarget, type ConnectionFlags } from './fleet-flags.js';
import { choosePlatformFile, readPlatform, replacePlatformFile } from './platform-file.js';
import { readSecretsFile } from './secrets-file.js';
import type { CliIo } from './program.js';

interface UpgradeFlags extends ConnectionFlags, OutputFlags {
  readonly imageTag: string;
  readonly tier?: string;
  readonly concurrency: string;
  readonly dryRun?: boolean;
  readonly save: boolean;
  readonly timeout: string;
  readonly secretsFile?: string;
}

/** The bulk upgrade ran and stopped on a failure: the summary has been printed. */
export class UpgradeStopped extends SaasChartsError {
  constructor(message: string) {
    super('cluster', message, ExitCode.FAILURE);
  }
}

export function registerFleet(program: Command, io: CliIo): void {
  const fleet = program.command('fleet').description('operations on many dedicated tenants at once');

  withOutputOptions(withClusterTarget(fleet.command('upgrade')), { formats: ['table', 'json'] })
    .description('upgrade dedicated tenants to a new image tag in waves; each tenant is applied and waited for; stops after the first wave with a failure')
    .requiredOption('--image-tag <tag>', 'the new tag of the MechanicBuddy images, e.g. v1.2.0')
    .option('--tier <tier>', 'only tenants of this tier')
    .option('--concurrency <n>', 'tenants per wave (applied at once)', '4')
    .option('--dry-run', 'print the plan (waves) and touch nothing')
    .option('--no-save', 'do not record the new tag of upgraded tenants in the platform file')
    .option('--timeout <seconds>', 'longest wait per tenant', '900')
    .option('--secrets-file <file>', 'supplied secret values ("<secret>/<key>: value"), for tenants whose Secrets are missing')
    .addHelpText('after', '\nWhen Argo CD or Flux syncs an upgraded tenant, a note on stderr names its Application or Kustomization: it rolls the\n'
      + 'upgrade back at its next sync unless the platform file and its `saas-charts synth` output (dist/) are committed.\n'
      + '\nExamples:\n  $ saas-charts fleet upgrade --image-tag v1.2.0 --dry-run\n  $ saas-charts fleet upgrade --image-tag v1.2.0 --tier professional --concurrency 5 -o json')
    .action(async (flags: UpgradeFlags) => {
      const out = createOutput(flags, io);
      const concurrency = wholeNumber('--concurrency', flags.concurrency, 1);
      const timeoutSeconds = seconds('--timeout', flags.timeout);
      const choice = choosePlatformFile(flags.platform);
      if (flags.save && !flags.dryRun && choice.embedded) throw new UsageError('no platform.yaml here to record the new tags in; pass --platform FILE or --no-save');
      const { planFleetUpgrade } = await import('../fleet/upgrade-plan.js');
      const plan = planFleetUpgrade(await readPlatform(choice), { imageTag: flags.imageTag, tier: flags.tier as Tier | undefined, concurrency });
      if (flags.dryRun) {
        await out.result(planJson(plan), () => formatPlan(plan));
        return;
      }
      const { runFleetUpgrade } = await import('../fleet/upgrade.js');
      const { interruptSignal } = await import('./apply-command.js');
      const supplied = flags.secretsFile ? await readSecretsFile(flags.secretsFile) : {};
      const progress = out.progress();
      // Each upgraded tenant's tag is on record as soon as it is upgraded: an interrupted run cannot leave
      // the file behind the cluster (the next apply would roll the tenant back).
      let saved = Promise.resolve();
      const save = (upgraded: { readonly tenant: string; readonly toTag: string }) => {
        if (flags.save) saved = saved.then(() => recordTag(choice.path, upgraded));
      };
      const { tenantClients } = await import('./cluster-targets.js');
      const { gitOpsNotes, CHANGING } = await import('./gitops-note.js');
      const gitops = gitOpsNotes();
      // Each tenant through its cluster's context when the platform declares clusters.
      const summary = await runFleetUpgrade(await tenantClients(plan.platform, plan.waves.flat().map((t) => t.tenant), flags, out.detail), plan, {
        timeoutSeconds, suppliedSecrets: supplied, signal: interruptSignal(io), inspectLive: gitops.inspectLive,
        onEvent: (event) => {
          if (event.type === 'wave') progress.update(`wave ${event.wave}/${event.of}: ${event.tenants.join(', ')}`);
          else if (event.type === 'failed') progress.update(`failed ${event.tenant.tenant}: ${event.tenant.error.split('\n')[0]}`);
          else if (event.type === 'upgraded') {
            progress.update(`upgraded ${event.tenant.tenant} in ${event.tenant.seconds} s`);
            save(event.tenant);
          }
        },
      });
      progress.done();
      await saved;
      await out.result({ dryRun: false, ...summary }, () => formatSummary(summary));
      // A failed tenant may be partly written: GitOps rolls that back too (tenants are instances named after their namespace).
      const changed = [...summary.upgraded.filter((t) => [...CHANGING].some((action) => t.changes[action] > 0)), ...summary.failed].map((t) => tenantNamespace(t.tenant));
      const keep = flags.save ? 'commit the platform file, run `saas-charts synth` and commit dist/' : 'set the new tags in the platform file (--no-save left it as it was), commit it, run `saas-charts synth` and commit dist/';
      const reverted = gitops.note(changed, keep);
      if (reverted) out.note(reverted);
      if (!summary.ok) {
        const first = summary.failed[0];
        throw new UpgradeStopped(first
          ? `bulk upgrade stopped after wave ${summary.wavesRun} of ${summary.waves}: tenant ${first.tenant} failed (${summary.failed.length} failed, ${summary.notAttempted.length} not attempted); fix it and run the same command again`
          : `bulk upgrade interrupted after wave ${summary.wavesRun} of ${summary.waves}; ${summary.notAttempted.length} tenants not attempted`);
      }
    });
}

function planJson(plan: UpgradePlan) {
  return { dryRun: true, imageTag: plan.imageTag, tier: plan.tier, concurrency: plan.concurrency, tenants: plan.waves.flat().length, waves: plan.waves };
}

function formatPlan(plan: UpgradePlan): string {
  const tenants = plan.waves.flat().length;
  const head = `plan: ${tenants} tenant${tenants === 1 ? '' : 's'}${plan.tier ? ` of tier ${plan.tier}` : ''} to ${plan.imageTag} in ${plan.waves.length} wave${plan.waves.length === 1 ? '' : 's'} of up to ${plan.concurrency} (dry-run: nothing applied)\n`;
  const rows = plan.waves.flatMap((wave, index) => wave.map((t) => ({ wave: String(index + 1), ...t })));
  return head + formatTable(rows, [
    { header: 'wave', value: (r) => r.wave, align: 'right' },
    { header: 'tenant', value: (r) => r.tenant },
    { header: 'tier', value: (r) => r.tier },
    { header: 'from', value: (r) => r.fromTag },
    { header: 'to', value: (r) => r.toTag },
  ]);
}

function formatSummary(summary: FleetUpgradeSummary): string {
  const head = `${summary.upgraded.length} upgraded, ${summary.failed.length} failed, ${summary.notAttempted.length} not attempted (${summary.imageTag}, ${summary.wavesRun} of ${summary.waves} waves)\n`;
  const rows = [
    ...summary.upgraded.map((t) => ({ wave: t.wave, tenant: t.tenant, result: 'upgraded', detail: `${t.fromTag} -> ${t.toTag}, ${t.changes.configured} configured, ${t.changes.created} created, ${t.changes.unchanged} unchanged, ${t.seconds} s${t.revision ? `, revision ${t.revision}` : ''}` })),
    ...summary.failed.map((t) => ({ wave: t.wave, tenant: t.tenant, result: 'failed', detail: t.error.split('\n')[0] })),
    ...summary.notAttempted.map((t) => ({ wave: t.wave, tenant: t.tenant, result: 'not attempted', detail: `still ${t.fromTag}` })),
  ];
  return head + formatTable(rows, [
    { header: 'wave', value: (r) => String(r.wave), align: 'right' },
    { header: 'tenant', value: (r) => r.tenant },
    { header: 'result', value: (r) => r.result },
    { header: 'detail', value: (r) => r.detail },
  ]);
}

/** An upgraded tenant's new tag goes into the platform file, so the next `apply` keeps it (tenants not upgraded keep theirs). */
async function recordTag(path: string, upgraded: { readonly tenant: string; readonly toTag: string }): Promise<void> {
  const { setTenantFields } = await import('../platform/edit.js');
  await replacePlatformFile(path, setTenantFields(await readFile(path, 'utf8'), upgraded.tenant, { imageTag: upgraded.toTag }));
}
