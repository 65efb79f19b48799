/**
 * The chart instances a page is rendered from: every unit of one chart kind in
 * the platform, each with a label and the substitutions that turn its names
 * back into the chart's pattern (`tenant-acme` -> `tenant-{id}`).
 */
import { brickNamespace, customerNamespace, tenantNamespace } from '../platform/naming.js';
import type { Platform } from '../platform/schema.js';
import { renderForApply, type ApplyableUnit } from '../synth/render.js';
import { platformUnits, type UnitKind } from '../synth/units.js';

export interface Substitution {
  readonly value: string;
  readonly placeholder: string;
}

export interface ChartInstance {
  /** Names the instance in "only in" columns, e.g. `acme (professional)`. */
  readonly label: string;
  readonly rendered: ApplyableUnit;
  readonly substitutions: readonly Substitution[];
}

export function chartInstances(platform: Platform, kind: UnitKind): ChartInstance[] {
  return platformUnits(platform)
    .filter((unit) => unit.kind === kind)
    .map((unit) => ({ ...describe(platform, kind, unit.name), rendered: renderForApply(unit) }));
}

function describe(platform: Platform, kind: UnitKind, name: string): Omit<ChartInstance, 'rendered'> {
  if (kind === 'tenant') {
    const tenant = platform.tenants.find((candidate) => tenantNamespace(candidate.id) === name);
    if (tenant) {
      const domains = (tenant.customDomains ?? []).map((domain) => ({ value: domain, placeholder: '{custom domain}' }));
      return { label: `${tenant.id} (${tenant.tier})`, substitutions: [...domains, { value: tenant.id, placeholder: '{id}' }] };
    }
  }
  if (kind === 'brick') {
    const brick = platform.bricks?.instances.find((candidate) => brickNamespace(candidate.customer, candidate.app) === name);
    if (brick) {
      return {
        label: brick.state === 'paused' ? `${brick.app} (${brick.customer}, paused)` : `${brick.app} (${brick.customer})`,
        substitutions: [
          { value: name, placeholder: '{customer}-{app}' },
          { value: brick.customer, placeholder: '{customer}' },
          { value: brick.app, placeholder: '{app}' },
        ],
      };
    }
  }
  if (kind === 'customer') {
    const customer = platform.customers?.instances.find((candidate) => customerNamespace(candidate.id) === name);
    if (customer) return { label: customer.state === 'paused' ? `${customer.id} (paused)` : customer.id, substitutions: [{ value: customer.id, placeholder: '{id}' }] };
  }
  return { label: name, substitutions: [] };
}

/** Replaces each instance value where it stands as a whole word, so `acme` never matches inside `acmesoft`. */
export function substitute(text: string, substitutions: readonly Substitution[]): string {
  let result = text;
  for (const { value, placeholder } of substitutions) {
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    result = result.replace(new RegExp(`(?<![A-Za-z0-9{])${escaped}(?![A-Za-z0-9}])`, 'g'), placeholder);
  }
  return result;
}
