/** What an apply did, as data the CLI renders (the engine never prints). */

export type ChangeAction = 'created' | 'configured' | 'unchanged' | 'deleted' | 'skipped';

export interface Change {
  /** `Deployment tenant-acme/api` */
  readonly subject: string;
  readonly action: ChangeAction;
  /** Why, for skipped objects and dry-runs. */
  readonly reason?: string;
  /** Field-level differences, secret values masked (configured objects, with `diff`). */
  readonly diff?: readonly string[];
}

export type ProgressEvent =
  | { readonly type: 'stage'; readonly stage: string; readonly objects: number }
  | { readonly type: 'change'; readonly change: Change }
  | { readonly type: 'waiting'; readonly subject: string; readonly message: string }
  | { readonly type: 'ready'; readonly subject: string; readonly seconds: number };

export function summarize(changes: readonly Change[]): Record<ChangeAction, number> {
  const counts: Record<ChangeAction, number> = { created: 0, configured: 0, unchanged: 0, deleted: 0, skipped: 0 };
  for (const change of changes) counts[change.action]++;
  return counts;
}
