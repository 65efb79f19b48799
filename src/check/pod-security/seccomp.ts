/** Seccomp: baseline forbids Unconfined; restricted also requires a profile on the pod or every container. */
import { allSecurityContexts, isSet, objectOf, quote, stringOf, type SecurityContextOwner } from './pod.js';
import type { PodSecurityCheck, Problem } from './violation.js';

const ALLOWED_TYPES = ['RuntimeDefault', 'Localhost'];

/** The profile type an owner sets, `''` for a profile without a type, undefined when there is no profile. */
function seccompType(owner: SecurityContextOwner): string | undefined {
  const profile = owner.context?.seccompProfile;
  if (!isSet(profile)) return undefined;
  return stringOf(objectOf(profile)?.type) ?? '';
}

function badType(owner: SecurityContextOwner, type: string): Problem {
  return {
    path: `${owner.path}.seccompProfile.type`,
    message: `${owner.who} must not set securityContext.seccompProfile.type to ${quote(type)}`,
    hint: 'set securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a node profile)',
  };
}

function explicitlyBad(owners: readonly SecurityContextOwner[]): Problem[] {
  return owners.flatMap((owner) => {
    const type = seccompType(owner);
    return type === undefined || ALLOWED_TYPES.includes(type) ? [] : [badType(owner, type)];
  });
}

export const seccompProfileBaseline: PodSecurityCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  source: 'check_seccompProfile_baseline.go',
  note: 'versions 1.0 (alpha annotations) and 1.19 (fields; annotations no longer read); unset is allowed; at restricted, seccompProfile_restricted replaces it',
  evaluate: (pod) => explicitlyBad(allSecurityContexts(pod)),
};

export const seccompProfileRestricted: PodSecurityCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  source: 'check_seccompProfile_restricted.go',
  overrides: ['seccompProfile_baseline'],
  note: 'versions 1.19 and 1.25; a container may leave it unset when the pod sets a valid type; 1.25+ exempts pods with spec.os.name=windows',
  evaluate: (pod) => {
    if (pod.windows) return [];
    const [podOwner, ...containers] = allSecurityContexts(pod);
    const explicit = explicitlyBad([podOwner, ...containers]);
    // Like upstream: an explicit bad type is the reason to report; unset containers follow once it is fixed.
    if (explicit.length > 0) return explicit;
    const podType = seccompType(podOwner);
    if (podType !== undefined) return [];
    return containers
      .filter((owner) => seccompType(owner) === undefined)
      .map((owner) => ({
        path: `${owner.path}.seccompProfile.type`,
        message: `pod or ${owner.who} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
        hint: 'set securityContext.seccompProfile.type: RuntimeDefault on the pod (or on this container)',
      }));
  },
};
