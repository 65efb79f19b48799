/** Options shared by the fleet operation commands (fleet upgrade, history, rollback, tenant expire). */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

/** Where the platform file and the cluster are (`--cluster` is cluster-targets.ts's). */
export interface ConnectionFlags {
  readonly platform?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
}

export function withClusterTarget(command: Command): Command {
  return command
    .option('-p, --platform <file>', 'platform file (default: ./platform.yaml, else the embedded default)')
    .option('--kubeconfig <file>', 'kubeconfig (default: $KUBECONFIG, ~/.kube/config, in-cluster)')
    .option('--context <name>', 'kubeconfig context');
}

/** A whole number flag, with the flag and the value in the message when it is not one. */
export function wholeNumber(flag: string, value: string, minimum: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(number) || number < minimum) throw new UsageError(`${flag} "${value}" must be a whole number of at least ${minimum}`);
  return number;
}

/** Seconds for --timeout. */
export function seconds(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`${flag} "${value}" must be a number of seconds`);
  return number;
}
