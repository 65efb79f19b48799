/** A platform rule: an id, a severity, a fix hint, and a function over one chart instance or the whole fleet. */
import type { CheckUnit, LocatedObject } from './context.js';
import { refOf, type Finding, type Severity } from './finding.js';

export interface RuleInfo {
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule guarantees. */
  readonly title: string;
  /** Default fix hint. */
  readonly hint: string;
}

export interface UnitRule extends RuleInfo {
  readonly scope: 'unit';
  check(unit: CheckUnit, report: Reporter): void;
}

/** What a unit contributes to fleet-wide rules. */
export interface UnitSummary {
  /** The certificates this unit asks for, each as its host names. */
  readonly certificates: readonly (readonly string[])[];
  /** Shared free-tier tenants and the maximum, when the unit runs the free tier. */
  readonly freeTier?: { readonly tenants: number; readonly maxTenants: number; readonly object: LocatedObject };
}

export interface FleetRule extends RuleInfo {
  readonly scope: 'fleet';
  check(summaries: readonly UnitSummary[], report: (finding: Omit<Finding, 'rule' | 'severity' | 'hint'> & { hint?: string }) => void): void;
}

export type Rule = UnitRule | FleetRule;

export type Reporter = (at: LocatedObject, message: string, details?: { path?: string; hint?: string }) => void;

export function reporterFor(rule: RuleInfo, findings: Finding[]): Reporter {
  return (at, message, details = {}) => {
    findings.push({ rule: rule.id, severity: rule.severity, object: refOf(at.object), file: at.file, path: details.path, message, hint: details.hint ?? rule.hint });
  };
}
