/**
 * Runs every rule. Unit rules see one chart instance (one file) at a time, so
 * they run wherever that instance was rendered, worker threads included;
 * fleet rules see the small summaries the units leave.
 */
import type { ManifestObject } from '../../constructs/index.js';
import { CheckUnit, type LocatedObject } from './context.js';
import type { Finding } from './finding.js';
import { reporterFor, type UnitSummary } from './rule.js';
import { requestedCertificates } from './rules/edge.js';
import { FLEET_RULES, UNIT_RULES } from './rules/index.js';

export interface UnitCheck {
  readonly findings: Finding[];
  readonly summary: UnitSummary;
}

export interface CheckResult {
  readonly findings: readonly Finding[];
  readonly objects: number;
  readonly errors: number;
  readonly warnings: number;
}

export function checkUnit(objects: readonly ManifestObject[], file?: string): UnitCheck {
  const unit = new CheckUnit(objects.map((object) => ({ object, file })));
  const findings: Finding[] = [];
  for (const rule of UNIT_RULES) rule.check(unit, reporterFor(rule, findings));
  return { findings, summary: summarize(unit) };
}

export function checkFleet(summaries: readonly UnitSummary[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of FLEET_RULES) {
    rule.check(summaries, (finding) => findings.push({ ...finding, rule: rule.id, severity: rule.severity, hint: finding.hint ?? rule.hint }));
  }
  return findings;
}

/** Checks units (e.g. the files of a synth) and totals the result. */
export function checkAll(units: readonly { objects: readonly ManifestObject[]; file?: string }[]): CheckResult {
  const checks = units.map((unit) => checkUnit(unit.objects, unit.file));
  return combine(checks, units.reduce((sum, unit) => sum + unit.objects.length, 0));
}

export function combine(checks: readonly UnitCheck[], objects: number): CheckResult {
  const findings = [...checks.flatMap((check) => check.findings), ...checkFleet(checks.map((check) => check.summary))];
  return {
    findings,
    objects,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

/** The free tier announces its tenant count on its namespace and its limit to the API. */
function summarize(unit: CheckUnit): UnitSummary {
  const namespace = unit.ofKind('Namespace').find(({ object }) => object.metadata.labels?.['mechanicbuddy.app/namespace-type'] === 'free-tier');
  const tenants = Number(namespace?.object.metadata.labels?.['mechanicbuddy.app/tenants']);
  const maxTenants = Number(unit.podTemplates.flatMap((t) => t.spec.containers ?? []).flatMap((c) => c.env ?? []).find((e) => e.name === 'MultiTenancy__MaxTenants')?.value);
  return {
    certificates: requestedCertificates(unit),
    freeTier: namespace && Number.isFinite(tenants) && Number.isFinite(maxTenants) ? { tenants, maxTenants, object: namespace as LocatedObject } : undefined,
  };
}
