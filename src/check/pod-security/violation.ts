/** What a Pod Security check reports, and the shape every check in the table has. */
import type { PodView } from './pod.js';

export interface PodSecurityViolation {
  /** Upstream check id, e.g. `capabilities_restricted`. */
  readonly check: string;
  /** The level whose check forbids it. */
  readonly level: 'baseline' | 'restricted';
  /**
   * Relative to the pod spec, e.g. `containers[0].securityContext.allowPrivilegeEscalation`.
   * AppArmor annotations live beside the spec and start with `metadata.`: see pathInObject.
   */
  readonly path: string;
  /** Upstream-style: `container "api" must set securityContext.allowPrivilegeEscalation=false`. */
  readonly message: string;
  /** What to set. */
  readonly hint: string;
}

/** A violation before the registry stamps the check id and level on it. */
export type Problem = Omit<PodSecurityViolation, 'check' | 'level'>;

export interface PodSecurityCheck {
  /** Upstream check id. */
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  /** Upstream file holding the check, under kubernetes/pod-security-admission policy/. */
  readonly source: string;
  /** Baseline checks this one replaces at the restricted level (upstream OverrideCheckIDs). */
  readonly overrides?: readonly string[];
  /** The behaviour of the newest policy version, and where older versions differed. */
  readonly note: string;
  readonly evaluate: (pod: PodView) => readonly Problem[];
}
