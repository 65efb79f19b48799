/** `saas-charts tenant provision|status|deprovision`: seed 003's provisioning flow, in-process. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { TIERS, type Tier } from '../platform/choices.js';
import { tenantNamespace } from '../platform/naming.js';
import { applyProgress } from './apply-progress.js';
import { connectCluster, connectTenantCluster, placeNewTenant } from './cluster-targets.js';
import { readSecretsFile } from './secrets-file.js';
import { createOutput, formatTable, withOutputOptions, type OutputFlags, type Style } from './output/index.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, notePins, readPlatform, replacePlatformFile } from './platform-file.js';
import { registerTenantUpgrade } from './tenant-upgrade-command.js';

interface TenantFlags extends OutputFlags {
  readonly platform?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
}

interface ProvisionFlags extends TenantFlags {
  readonly name: string;
  readonly tier: string;
  readonly id?: string;
  readonly ownerEmail?: string;
  readonly customDomain?: string[];
  readonly stripeCustomerId?: string;
  readonly secretsFile?: string;
  readonly save: boolean;
  readonly timeout: string;
}

const common = (command: Command) => withOutputOptions(command
  .option('-p, --platform <file>', 'platform file (default: ./platform.yaml)')
  .option('--kubeconfig <file>', 'kubeconfig (default: $KUBECONFIG, ~/.kube/config, in-cluster)')
  .option('--context <name>', 'kubeconfig context'));

const COMPONENT_STYLES: Record<string, Style> = { ready: 'green', missing: 'red', failed: 'red' };

export function registerTenant(program: Command, io: CliIo): void {
  const tenant = program.command('tenant').description('provision, inspect and deprovision dedicated tenants');

  common(tenant.command('provision'))
    .description('create a dedicated tenant: validate, render, create its secrets, apply stage by stage and wait; then record it in the platform file')
    .requiredOption('--name <company>', 'company name (the id is generated from it unless --id)')
    .requiredOption('--tier <tier>', TIERS.join(', '))
    .option('--id <id>', 'tenant id')
    .option('--owner-email <email>', 'owner e-mail')
    .option('--custom-domain <host...>', 'custom domains')
    .option('--stripe-customer-id <id>', 'Stripe customer (cus_...)')
    .option('--secrets-file <file>', 'supplied secret values ("<secret>/<key>: value")')
    .option('--no-save', 'do not add the tenant to the platform file')
    .option('--timeout <seconds>', 'longest wait', '900')
    .addHelpText('after', '\nExample:\n  $ saas-charts tenant provision --name "ACME Auto Repair" --tier professional --secrets-file secrets.yaml')
    .action(async (flags: ProvisionFlags) => {
      if (!(TIERS as readonly string[]).includes(flags.tier)) throw new UsageError(`--tier "${flags.tier}" is not one of ${TIERS.join(', ')}`);
      const out = createOutput(flags, io);
      const choice = choosePlatformFile(flags.platform);
      if (flags.save && choice.embedded) throw new UsageError('no platform.yaml here to record the tenant in; pass --platform FILE or --no-save');
      const platform = await readPlatform(choice, out.detail);
      const { provisionTenant } = await import('../apply/provisioning.js');
      const cluster = await placeNewTenant(platform);
      const client = await connectCluster(platform, cluster, flags, out.detail);
      const progress = applyProgress(out);
      const supplied = flags.secretsFile ? await readSecretsFile(flags.secretsFile) : {};
      const result = await provisionTenant(client, platform, {
        companyName: flags.name, tier: flags.tier as Tier, id: flags.id, ownerEmail: flags.ownerEmail, customDomains: flags.customDomain, stripeCustomerId: flags.stripeCustomerId,
      }, {
        suppliedSecrets: supplied,
        timeoutSeconds: Number(flags.timeout),
        signal: (await import('./apply-command.js')).interruptSignal(io),
        onProgress: progress.onProgress,
      }).finally(progress.done);
      if (flags.save) {
        await recordTenant(choice.path, result.tenantId, flags, cluster);
        out.detail(`recorded tenant ${result.tenantId} in ${choice.path}`);
      }
      await out.result(result, () => {
        const lines = [`provisioned tenant ${result.tenantId} in ${result.durationSeconds.toFixed(1)} s`];
        for (const entry of result.log) lines.push(`  ${entry.step.padEnd(28)} ${entry.seconds.toFixed(2).padStart(7)} s  ${entry.message}`);
        lines.push(`  app: ${result.urls.app}`, `  api: ${result.urls.api}`, ...result.urls.customDomains.map((url) => `  custom domain: ${url}`));
        if (result.expiresAt) lines.push(`  demo expires: ${result.expiresAt}`);
        return `${lines.join('\n')}\n`;
      });
      if (!flags.save) out.note(`tenant ${result.tenantId} is not in the platform file (--no-save): add it there, or synth, apply and status will not know it`);
    });

  common(tenant.command('update'))
    .description('change a dedicated tenant\'s tier or image version in the platform file and apply it')
    .argument('<id>', 'tenant id')
    .option('--tier <tier>', TIERS.join(', '))
    .option('--image-tag <tag>', 'image version, e.g. v1.2.3')
    .option('--secrets-file <file>', 'supplied secret values')
    .addHelpText('after', '\nWhen Argo CD or Flux syncs the tenant, a note on stderr names its Application or Kustomization: it rolls the\n'
      + 'change back at its next sync unless the platform file and its `saas-charts synth` output (dist/) are committed.\n'
      + '\nExample:\n  $ saas-charts tenant update acme --image-tag v1.2.3')
    .action(async (id: string, flags: TenantFlags & { tier?: string; imageTag?: string; secretsFile?: string }) => {
      const out = createOutput(flags, io);
      if (!flags.tier && !flags.imageTag) throw new UsageError(`nothing to update: pass --tier and/or --image-tag, e.g. \`saas-charts tenant update ${id} --image-tag v1.2.3\``);
      if (flags.tier && !(TIERS as readonly string[]).includes(flags.tier)) throw new UsageError(`--tier "${flags.tier}" is not one of ${TIERS.join(', ')}`);
      const choice = choosePlatformFile(flags.platform);
      if (choice.embedded) throw new UsageError('no platform.yaml here to update; pass --platform FILE');
      out.detail(`editing ${choice.path}`);
      const { setTenantFields } = await import('../platform/edit.js');
      const { keepPlacement } = await import('../platform/keep-placement.js');
      const before = await readFile(choice.path, 'utf8');
      // A tier can change the placement (free without `placement` is shared): no other tenant changes cluster for it.
      const { text, pinned } = keepPlacement(before, setTenantFields(before, id, { tier: flags.tier, imageTag: flags.imageTag }), { source: choice.path });
      const { updateTenant } = await import('../apply/provisioning.js');
      const { formatChanges, interruptSignal } = await import('./apply-command.js');
      const { gitOpsNotes, CHANGING } = await import('./gitops-note.js');
      const platform = await readPlatform(choice, out.detail);
      const progress = applyProgress(out);
      const gitops = gitOpsNotes();
      const result = await updateTenant(await connectTenantCluster(platform, id, flags, out.detail), platform, id, { tier: flags.tier as Tier | undefined, imageTag: flags.imageTag }, {
        suppliedSecrets: flags.secretsFile ? await readSecretsFile(flags.secretsFile) : {}, signal: interruptSignal(io), onProgress: progress.onProgress, inspectLive: gitops.inspectLive,
      }).finally(progress.done);
      await replacePlatformFile(choice.path, text);
      await out.result({ tenant: id, changes: result.changes }, () => formatChanges(`tenant-${id}`, result.changes, out.paint));
      notePins(out.note, choice.path, pinned);
      const changed = result.changes.some((change) => CHANGING.has(change.action)) ? [tenantNamespace(id)] : [];
      const reverted = gitops.note(changed, 'commit the platform file, run `saas-charts synth` and commit dist/');
      if (reverted) out.note(reverted);
    });

  registerTenantUpgrade(tenant, io);

  common(tenant.command('status'))
    .description('health of each component of a dedicated tenant')
    .argument('<id>', 'tenant id')
    .addHelpText('after', '\nExamples:\n  $ saas-charts tenant status acme\n  $ saas-charts tenant status acme --output json | jq \'.components[] | select(.state != "ready")\'')
    .action(async (id: string, flags: TenantFlags) => {
      const out = createOutput(flags, io);
      const platform = await readPlatform(choosePlatformFile(flags.platform), out.detail);
      const { tenantStatus } = await import('../apply/provisioning.js');
      const components = await tenantStatus(await connectTenantCluster(platform, id, flags, out.detail), platform, id);
      await out.result({ tenant: id, components }, () => formatTable(components, [
        { header: 'component', value: (c) => c.component },
        { header: 'state', value: (c) => c.state, style: (c) => COMPONENT_STYLES[c.state] ?? 'yellow' },
        { header: 'object', value: (c) => c.subject },
        { header: 'message', value: (c) => c.message },
      ], { paint: out.paint }));
      if (components.some((c) => c.state === 'missing')) out.note(`tenant ${id} is missing objects; run \`saas-charts apply tenant-${id}\` to create them`);
    });

  common(tenant.command('deprovision'))
    .description('remove a tenant\'s workloads; its namespace, volumes and database stay unless --purge')
    .argument('<id>', 'tenant id')
    .option('--purge', 'also delete the namespace, volumes and database (data is lost)')
    .option('-y, --yes', 'confirm --purge without asking')
    .option('--dry-run', 'server-side dry-run: list what would be deleted, delete nothing (with --purge, no --yes needed)')
    .option('--force-gitops', 'deprovision even a tenant Argo CD or Flux syncs from Git (it recreates it at its next sync; after --purge, with an empty database)')
    .addHelpText('after', '\nRefused (exit 2, nothing deleted) when Argo CD or Flux syncs the tenant from Git: take it out of the platform file,\n'
      + 'run `saas-charts synth` and commit dist/ so GitOps prunes it (its data stays), or suspend the sync first.\n'
      + 'With --output json: {tenant, dryRun, changes: [{subject, action, reason?}]}.\n'
      + '\nExamples:\n  $ saas-charts tenant deprovision acme                 # keeps the namespace, volumes and database\n  $ saas-charts tenant deprovision acme --purge --dry-run  # what --purge would delete\n  $ saas-charts tenant deprovision acme --purge --yes   # deletes them too')
    .action(async (id: string, flags: TenantFlags & { purge?: boolean; yes?: boolean; dryRun?: boolean; forceGitops?: boolean }) => {
      const out = createOutput(flags, io);
      if (flags.purge && !flags.yes && !flags.dryRun) throw new UsageError(`--purge deletes tenant ${id}'s namespace, volumes and database; pass --yes to confirm (or --dry-run to see what it would delete)`);
      const platform = await readPlatform(choosePlatformFile(flags.platform), out.detail);
      const { deprovisionTenant } = await import('../apply/provisioning.js');
      const { formatChanges } = await import('./apply-command.js');
      const { gitOpsNotes } = await import('./gitops-note.js');
      const gitops = gitOpsNotes();
      const dryRun = flags.dryRun ?? false;
      const changes = await deprovisionTenant(await connectTenantCluster(platform, id, flags, out.detail), platform, id, { purge: flags.purge, dryRun, forceGitOps: flags.forceGitops, inspectLive: gitops.inspectLive });
      await out.result({ tenant: id, dryRun, changes }, () => formatChanges(`tenant-${id}`, changes, out.paint));
      if (dryRun) out.note(`dry-run: nothing was deleted; run the same command without --dry-run${flags.purge ? ' and with --yes' : ''} to deprovision`);
      else if (!flags.purge) out.note(`tenant ${id}'s namespace, volumes and database were kept; remove the tenant from the platform file, and run \`saas-charts tenant deprovision ${id} --purge --yes\` to delete its data`);
      const recreated = gitops.deleted([tenantNamespace(id)], dryRun);
      if (recreated) out.note(recreated);
    });
}

async function recordTenant(path: string, id: string, flags: ProvisionFlags, cluster: string | undefined): Promise<void> {
  const { addTenant } = await import('../platform/edit.js');
  const text = addTenant(await readFile(path, 'utf8'), {
    id, name: flags.name, tier: flags.tier, placement: flags.tier === 'demo' || flags.tier === 'free' ? 'dedicated' : undefined,
    ownerEmail: flags.ownerEmail, customDomains: flags.customDomain, stripeCustomerId: flags.stripeCustomerId,
    createdAt: flags.tier === 'demo' ? new Date().toISOString().slice(0, 10) : undefined,
    cluster,
  });
  await replacePlatformFile(path, text);
}
