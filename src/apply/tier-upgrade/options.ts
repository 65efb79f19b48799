import type { Platform, TenantConfig, Tier } from '../../platform/schema.js';
import type { ApplyOptions } from '../apply.js';
import type { ObjectClient } from '../objects.js';
import type { RecordedFields } from './platform-change.js';
import type { StepReport } from './report.js';

export interface TierUpgradeOptions extends Omit<ApplyOptions, 'dryRun' | 'prune' | 'purge'> {
  /** Nothing is written: the report says what would run. @default false */
  readonly dryRun?: boolean;
  /** Drop the tenant's shared schema once the move is verified. @default false */
  readonly finalize?: boolean;
  /**
   * Writes the new tier into the platform file (the source of truth); resolves
   * to whether the file changed. @default - the platform file is not touched
   */
  readonly recordTier?: (fields: RecordedFields) => Promise<boolean>;
  /** Each step as it finishes (live progress). */
  readonly onStep?: (step: StepReport) => void;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

export interface UpgradeContext {
  readonly client: ObjectClient;
  /** The platform as the file says now. */
  readonly platform: Platform;
  /** The platform with the tenant at the target tier, on its own deployment. */
  readonly next: Platform;
  readonly tenant: TenantConfig;
  readonly to: Tier;
  readonly options: TierUpgradeOptions;
}
