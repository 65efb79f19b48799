export { upgradeTenantTier, upgradedPlatform, UPGRADE_TIERS } from './upgrade.js';
export type { TierUpgradeOptions } from './options.js';
export type { RecordedFields } from './platform-change.js';
export { UpgradeStepError, type StepReport, type StepState, type UpgradeReport, type UpgradePath } from './report.js';
export { readRecord, recordName, MOVE_STEPS, type UpgradeRecord } from './record.js';
