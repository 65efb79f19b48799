/** `saas-charts tenant provision|status|deprovision`: seed 003's provisioning flow, in-process. */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { TIERS, type Tier } from '../platform/choices.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';
import { registerTenantUpgrade } from './tenant-upgrade-command.js';

interface TenantFlags {
  readonly platform?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly output: string;
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

const common = (command: Command) => command
  .option('-p, --platform <file>', 'platform file (default: ./platform.yaml)')
  .option('--kubeconfig <file>', 'kubeconfig (default: $KUBECONFIG, ~/.kube/config, in-cluster)')
  .option('--context <name>', 'kubeconfig context')
  .option('-o, --output <format>', 'text or json', 'text');

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
      const json = outputJson(flags.output);
      const choice = choosePlatformFile(flags.platform);
      if (flags.save && choice.embedded) throw new UsageError('no platform.yaml here to record the tenant in; pass --platform FILE or --no-save');
      const platform = await readPlatform(choice);
      const { provisionTenant } = await import('../apply/provisioning.js');
      const client = await connectClient(flags);
      const supplied = flags.secretsFile ? await readSecrets(flags.secretsFile) : {};
      const result = await provisionTenant(client, platform, {
        companyName: flags.name, tier: flags.tier as Tier, id: flags.id, ownerEmail: flags.ownerEmail, customDomains: flags.customDomain, stripeCustomerId: flags.stripeCustomerId,
      }, {
        suppliedSecrets: supplied,
        timeoutSeconds: Number(flags.timeout),
        signal: (await import('./apply-command.js')).interruptSignal(io),
        onProgress: json ? undefined : (event) => {
          if (event.type === 'waiting') io.stderr(`    waiting for ${event.subject}: ${event.message}\n`);
        },
      });
      if (flags.save) await recordTenant(choice.path, result.tenantId, flags);
      if (json) {
        io.stdout(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const lines = [`provisioned tenant ${result.tenantId} in ${result.durationSeconds.toFixed(1)} s`];
      for (const entry of result.log) lines.push(`  ${entry.step.padEnd(28)} ${entry.seconds.toFixed(2).padStart(7)} s  ${entry.message}`);
      lines.push(`  app: ${result.urls.app}`, `  api: ${result.urls.api}`, ...result.urls.customDomains.map((url) => `  custom domain: ${url}`));
      if (result.expiresAt) lines.push(`  demo expires: ${result.expiresAt}`);
      io.stdout(`${lines.join('\n')}\n`);
    });

  common(tenant.command('update'))
    .description('change a dedicated tenant\'s tier or image version in the platform file and apply it')
    .argument('<id>', 'tenant id')
    .option('--tier <tier>', TIERS.join(', '))
    .option('--image-tag <tag>', 'image version, e.g. v1.2.3')
    .option('--secrets-file <file>', 'supplied secret values')
    .addHelpText('after', '\nExample:\n  $ saas-charts tenant update acme --image-tag v1.2.3')
    .action(async (id: string, flags: TenantFlags & { tier?: string; imageTag?: string; secretsFile?: string }) => {
      const json = outputJson(flags.output);
      if (!flags.tier && !flags.imageTag) throw new UsageError('nothing to update: pass --tier and/or --image-tag');
      if (flags.tier && !(TIERS as readonly string[]).includes(flags.tier)) throw new UsageError(`--tier "${flags.tier}" is not one of ${TIERS.join(', ')}`);
      const choice = choosePlatformFile(flags.platform);
      if (choice.embedded) throw new UsageError('no platform.yaml here to update; pass --platform FILE');
      const { setTenantFields } = await import('../platform/edit.js');
      const { parsePlatform } = await import('../platform/load.js');
      const text = setTenantFields(await readFile(choice.path, 'utf8'), id, { tier: flags.tier, imageTag: flags.imageTag });
      parsePlatform(text, choice.path);
      const { updateTenant } = await import('../apply/provisioning.js');
      const { formatChanges, interruptSignal } = await import('./apply-command.js');
      const platform = await readPlatform(choice);
      const result = await updateTenant(await connectClient(flags), platform, id, { tier: flags.tier as Tier | undefined, imageTag: flags.imageTag }, {
        suppliedSecrets: flags.secretsFile ? await readSecrets(flags.secretsFile) : {}, signal: interruptSignal(io),
      });
      const staging = `${choice.path}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(staging, text);
      await rename(staging, choice.path);
      io.stdout(json ? `${JSON.stringify({ tenant: id, changes: result.changes }, null, 2)}\n` : formatChanges(`tenant-${id}`, result.changes));
    });

  registerTenantUpgrade(tenant, io);

  common(tenant.command('status'))
    .description('health of each component of a dedicated tenant')
    .argument('<id>', 'tenant id')
    .action(async (id: string, flags: TenantFlags) => {
      const json = outputJson(flags.output);
      const platform = await readPlatform(choosePlatformFile(flags.platform));
      const { tenantStatus } = await import('../apply/provisioning.js');
      const components = await tenantStatus(await connectClient(flags), platform, id);
      io.stdout(json ? `${JSON.stringify({ tenant: id, components }, null, 2)}\n`
        : `${components.map((c) => `${c.component.padEnd(12)} ${c.state.padEnd(12)} ${c.subject}: ${c.message}`).join('\n')}\n`);
    });

  common(tenant.command('deprovision'))
    .description('remove a tenant\'s workloads; its namespace, volumes and database stay unless --purge')
    .argument('<id>', 'tenant id')
    .option('--purge', 'also delete the namespace, volumes and database (data is lost)')
    .option('-y, --yes', 'confirm --purge without asking')
    .action(async (id: string, flags: TenantFlags & { purge?: boolean; yes?: boolean }) => {
      const json = outputJson(flags.output);
      if (flags.purge && !flags.yes) throw new UsageError(`--purge deletes tenant ${id}'s namespace, volumes and database; pass --yes to confirm`);
      const platform = await readPlatform(choosePlatformFile(flags.platform));
      const { deprovisionTenant } = await import('../apply/provisioning.js');
      const { formatChanges } = await import('./apply-command.js');
      const changes = await deprovisionTenant(await connectClient(flags), platform, id, { purge: flags.purge });
      io.stdout(json ? `${JSON.stringify({ tenant: id, changes }, null, 2)}\n` : formatChanges(`tenant-${id}`, changes));
    });
}

function outputJson(value: string): boolean {
  if (value !== 'text' && value !== 'json') throw new UsageError(`--output "${value}" must be text or json`);
  return value === 'json';
}

async function connectClient(flags: TenantFlags) {
  const { connect } = await import('../apply/transport.js');
  const { ObjectClient } = await import('../apply/objects.js');
  return new ObjectClient(await connect({ kubeconfig: flags.kubeconfig, context: flags.context }));
}

async function readSecrets(path: string): Promise<Record<string, string>> {
  const { parse } = await import('yaml');
  const parsed = parse(await readFile(path, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new UsageError(`--secrets-file ${path} must map "<secret>/<key>" to string values`);
  }
  return parsed as Record<string, string>;
}

async function recordTenant(path: string, id: string, flags: ProvisionFlags): Promise<void> {
  const { addTenant } = await import('../platform/edit.js');
  const text = addTenant(await readFile(path, 'utf8'), {
    id, name: flags.name, tier: flags.tier, placement: flags.tier === 'demo' || flags.tier === 'free' ? 'dedicated' : undefined,
    ownerEmail: flags.ownerEmail, customDomains: flags.customDomain, stripeCustomerId: flags.stripeCustomerId,
    createdAt: flags.tier === 'demo' ? new Date().toISOString().slice(0, 10) : undefined,
  });
  const staging = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(staging, text);
  await rename(staging, path);
}
