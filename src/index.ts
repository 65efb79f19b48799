/**
 * saas-charts: typed cdk8s charts for the MechanicBuddy platform. This entry
 * only re-exports; importing it has no side effects.
 */
export * from './errors.js';
export { definePlatform, loadPlatform, parsePlatform } from './platform/load.js';
export { platformJsonSchema } from './platform/json-schema.js';
export { TIERS, platformSchema, tenantSchema, type ClusterConfig, type GlobalSettings, type Platform, type PlatformInput, type TenantConfig, type Tier } from './platform/schema.js';
export { dedicatedTenants, planTenant, sharedTenants, tenantImages, type TenantPlan } from './platform/plan.js';
export { tenantPlacement, type Placement } from './platform/tenants.js';
export { freeTierShards, shardOf, type FreeTierShard } from './platform/shards.js';
export { clusterContext, placeOnClusters, type ClusterPlacement, type PlacedItem, type PlacedKind } from './platform/clusters.js';
export { TIER_PRESETS, type TierPreset } from './platform/tiers.js';
export * from './platform/naming.js';
export { SystemChart, type SystemChartProps } from './charts/system-chart.js';
export { FreeTierChart, type FreeTierChartProps } from './charts/free-tier-chart.js';
export { TenantChart, type TenantChartProps } from './charts/tenant-chart.js';
export { GitOpsChart, type GitOpsChartProps } from './charts/gitops-chart.js';
export { tenantProvisioningRules } from './charts/provisioning-rules.js';
export { synthPlatform, synthPlatformFast, type SynthFile, type SynthOptions, type SynthResult } from './synth/synth.js';
export { renderTenant } from './synth/render-tenant.js';
export { writeOutput } from './synth/staged-output.js';
export { sortForApply, sortForDelete, applyStage, ApplyStage } from './synth/order.js';
export { toYaml, toYamlStream, type JsonValue } from './synth/yaml-writer.js';
export { platformUnits, type SynthUnit } from './synth/units.js';
export { connect, type ConnectOptions, type KubeTransport } from './apply/transport.js';
export { ObjectClient, FIELD_MANAGER } from './apply/objects.js';
export { applyInstance, type ApplyInput, type ApplyOptions, type ApplyResult } from './apply/apply.js';
export { applyPlatform, type PlatformApplyOptions } from './apply/apply-platform.js';
export { deleteInstance } from './apply/delete.js';
export { applyBrick, deleteBrick } from './apply/bricks.js';
export {
  deprovisionTenant, generateTenantId, provisionTenant, tenantStatus, updateTenant, validateRequest,
  type ProvisioningRequest, type ProvisioningResult,
} from './apply/provisioning.js';
export {
  upgradeTenantTier, upgradedPlatform, readRecord as readTierUpgradeRecord, UpgradeStepError,
  type TierUpgradeOptions, type UpgradeReport, type StepReport, type UpgradeRecord,
} from './apply/tier-upgrade/index.js';
export { readinessOf, hasReadinessRule } from './apply/readiness/index.js';
export {
  listRevisions, readRevision, recordRevision, DEFAULT_REVISION_HISTORY, type Revision, type RevisionRecord, type RevisionStatus,
} from './apply/revisions.js';
export { rollbackInstance, DATA_NOTICE, type RollbackOptions, type RollbackResult } from './apply/rollback.js';
export { gitOpsOwner, GitOpsManagedError, GitOpsDeleteError, type GitOpsOwner, type GitOpsController } from './apply/gitops-managed.js';
export { planFleetUpgrade, DEFAULT_UPGRADE_CONCURRENCY, type UpgradePlan, type UpgradeRequest, type PlannedTenant } from './fleet/upgrade-plan.js';
export { runFleetUpgrade, type FleetUpgradeOptions, type FleetUpgradeSummary, type FleetEvent } from './fleet/upgrade.js';
export { expireDemoTenants, findDemoTenants, type ExpireOptions, type ExpireResult, type DemoTenant } from './fleet/expire.js';
export type { Change, ChangeAction, ProgressEvent } from './apply/changeset.js';
export { checkAll, checkUnit, type CheckResult } from './check/check.js';
export type { Finding } from './check/finding.js';
