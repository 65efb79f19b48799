/** Every rule `check` runs, in report order. */
import type { FleetRule, Rule, UnitRule } from '../rule.js';
import { disruptionBudgetRule, hpaReplicasRule } from './availability.js';
import { certificateRateRule, freeTierCapacityRule, ingressTlsRule } from './edge.js';
import { defaultDenyRule, quotaFitsRule } from './namespaces.js';
import { podSecurityRule } from './pod-security.js';
import { noWildcardsRule } from './rbac.js';
import { schemaRule } from './schema.js';
import { noSecretValuesRule } from './secrets.js';
import { automountRule, pinnedImagesRule, probesRule, resourcesRule } from './workloads.js';

export const UNIT_RULES: readonly UnitRule[] = [
  schemaRule, podSecurityRule, resourcesRule, probesRule, pinnedImagesRule, noSecretValuesRule, hpaReplicasRule,
  quotaFitsRule, disruptionBudgetRule, defaultDenyRule, noWildcardsRule, automountRule, ingressTlsRule,
];

export const FLEET_RULES: readonly FleetRule[] = [certificateRateRule, freeTierCapacityRule];

export const RULES: readonly Rule[] = [...UNIT_RULES, ...FLEET_RULES];
