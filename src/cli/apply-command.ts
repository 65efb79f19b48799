/** `saas-charts apply | delete`: server-side apply of the platform's chart instances, and their removal. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { Change, ProgressEvent } from '../apply/changeset.js';
import type { CliIo } from './program.js';
import { choosePlatformFile, readPlatform } from './platform-file.js';

interface ClusterFlags {
  readonly platform?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly output: string;
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
}

const clusterOptions = (command: Command) => command
  .option('-p, --platform <file>', 'platform file (default: ./platform.yaml, else the embedded default)')
  .option('--kubeconfig <file>', 'kubeconfig (default: $KUBECONFIG, ~/.kube/config, in-cluster)')
  .option('--context <name>', 'kubeconfig context')
  .option('-o, --output <format>', 'text or json', 'text')
  .option('--dry-run', 'server-side dry-run: show what would change, write nothing');

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
    .addHelpText('after', '\nExamples:\n  $ saas-charts apply --dry-run\n  $ saas-charts apply tenant-acme --secrets-file secrets.yaml --prune')
    .action(async (instances: string[], flags: ApplyFlags) => {
      const format = outputFormat(flags.output);
      const timeout = Number(flags.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout "${flags.timeout}" must be a number of seconds`);
      const supplied = flags.secretsFile ? await readSecretsFile(flags.secretsFile) : {};
      const platform = await readPlatform(choosePlatformFile(flags.platform));
      const client = await connectClient(flags);
      const { applyPlatform } = await import('../apply/apply-platform.js');
      const results = await applyPlatform(client, platform, {
        only: instances, dryRun: flags.dryRun, prune: flags.prune, purge: flags.purge, adopt: flags.adopt, forceConflicts: flags.forceConflicts,
        wait: flags.wait, timeoutSeconds: timeout, suppliedSecrets: supplied, diff: flags.diff, signal: interruptSignal(io),
        onProgress: format === 'text' ? (event) => io.stderr(progressLine(event)) : undefined,
      });
      io.stdout(format === 'json'
        ? `${JSON.stringify({ dryRun: flags.dryRun ?? false, instances: results.map((r) => ({ instance: r.instance, applySet: r.set.id, changes: r.changes })) }, null, 2)}\n`
        : results.map((r) => formatChanges(r.instance, r.changes)).join(''));
    });

  clusterOptions(program.command('delete'))
    .description('delete chart instances in reverse order; Namespaces, PVCs and databases only with --purge')
    .argument('<instances...>', 'instances or tenant ids')
    .option('--purge', 'also delete Namespaces, PVCs and database Clusters (their data is lost)')
    .option('-y, --yes', 'confirm --purge without asking (required when not on a terminal)')
    .addHelpText('after', '\nExample:\n  $ saas-charts delete tenant-acme            # keeps the namespace, volumes and database')
    .action(async (instances: string[], flags: DeleteFlags) => {
      const format = outputFormat(flags.output);
      const platform = await readPlatform(choosePlatformFile(flags.platform));
      const { selectUnits } = await import('../apply/apply-platform.js');
      const { renderForApply } = await import('../synth/render.js');
      const { deleteInstance, dataHolders } = await import('../apply/delete.js');
      const units = selectUnits(platform, instances).map(renderForApply);
      if (flags.purge && !flags.dryRun) await confirmPurge(units.flatMap((u) => dataHolders(u.objects)), flags.yes ?? false);
      const client = await connectClient(flags);
      const results = [];
      for (const unit of units.reverse()) results.push({ instance: unit.name, changes: await deleteInstance(client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects }, flags) });
      io.stdout(format === 'json' ? `${JSON.stringify({ dryRun: flags.dryRun ?? false, instances: results }, null, 2)}\n` : results.map((r) => formatChanges(r.instance, r.changes)).join(''));
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

async function connectClient(flags: ClusterFlags) {
  const { connect } = await import('../apply/transport.js');
  const { ObjectClient } = await import('../apply/objects.js');
  return new ObjectClient(await connect({ kubeconfig: flags.kubeconfig, context: flags.context }));
}

function outputFormat(value: string): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new UsageError(`--output "${value}" must be text or json`);
  return value;
}

async function readSecretsFile(path: string): Promise<Record<string, string>> {
  const { parse } = await import('yaml');
  let parsed: unknown;
  try {
    parsed = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read --secrets-file ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new UsageError(`--secrets-file ${path} must be a map of "<secret>/<key>" (or "<namespace>/<secret>/<key>") to string values`);
  }
  return parsed as Record<string, string>;
}

async function confirmPurge(holders: readonly string[], yes: boolean): Promise<void> {
  if (yes || holders.length === 0) return;
  const warning = `--purge deletes data: ${holders.join(', ')}.`;
  if (!process.stdin.isTTY) throw new UsageError(`${warning} Pass --yes to confirm.`);
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    if ((await prompt.question(`${warning}\nType "purge" to confirm: `)).trim() !== 'purge') throw new UsageError('not confirmed; nothing was deleted');
  } finally {
    prompt.close();
  }
}

function progressLine(event: ProgressEvent): string {
  switch (event.type) {
    case 'stage': return `  stage ${event.stage} (${event.objects} object${event.objects === 1 ? '' : 's'})\n`;
    case 'waiting': return `    waiting for ${event.subject}: ${event.message}\n`;
    case 'ready': return `    ready ${event.subject} after ${event.seconds} s\n`;
    default: return '';
  }
}

export function formatChanges(instance: string, changes: readonly Change[]): string {
  const lines = [`${instance}:`];
  for (const change of changes) {
    lines.push(`  ${change.action.padEnd(10)} ${change.subject}${change.reason ? ` (${change.reason})` : ''}`);
    for (const line of change.diff ?? []) lines.push(`      ${line}`);
  }
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.action, (counts.get(change.action) ?? 0) + 1);
  lines.push(`  ${[...counts].map(([action, count]) => `${count} ${action}`).join(', ') || 'nothing to do'}`, '');
  return `${lines.join('\n')}\n`;
}
