/** Restricted identity checks: run as non-root, never as UID 0. Both are skipped for user-namespace pods. */
import { allSecurityContexts, containerSecurityContexts, podSecurityContext } from './pod.js';
import type { PodSecurityCheck, Problem } from './violation.js';

export const runAsNonRoot: PodSecurityCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  source: 'check_runAsNonRoot.go',
  note: 'versions 1.0 and 1.35; 1.35+ allows any value when spec.hostUsers=false (before, only behind a feature gate that was off by default)',
  evaluate: (pod) => {
    if (pod.userNamespace) return [];
    const podLevel = podSecurityContext(pod);
    const podSetsTrue = podLevel.context?.runAsNonRoot === true;
    const explicit: Problem[] = [];
    const implicit: Problem[] = [];
    for (const owner of [podLevel, ...containerSecurityContexts(pod)]) {
      const value = owner.context?.runAsNonRoot;
      const path = `${owner.path}.runAsNonRoot`;
      if (value === false) {
        explicit.push({ path, message: `${owner.who} must not set securityContext.runAsNonRoot=false`, hint: 'set securityContext.runAsNonRoot: true' });
      } else if (owner.container && typeof value !== 'boolean' && !podSetsTrue) {
        implicit.push({ path, message: `pod or ${owner.who} must set securityContext.runAsNonRoot=true`, hint: 'set securityContext.runAsNonRoot: true on the pod (or on this container) and run the image as a numeric non-zero UID' });
      }
    }
    // Like upstream: an explicit false is the reason to report; the unset containers follow once it is fixed.
    return explicit.length > 0 ? explicit : implicit;
  },
};

export const runAsUser: PodSecurityCheck = {
  id: 'runAsUser',
  level: 'restricted',
  source: 'check_runAsUser.go',
  note: 'versions 1.23 and 1.35; unset is allowed; 1.35+ allows UID 0 when spec.hostUsers=false (before, only behind a feature gate that was off by default)',
  evaluate: (pod) => {
    if (pod.userNamespace) return [];
    return allSecurityContexts(pod)
      .filter((owner) => owner.context?.runAsUser === 0)
      .map((owner) => ({
        path: `${owner.path}.runAsUser`,
        message: `${owner.who} must not set runAsUser=0`,
        hint: 'set securityContext.runAsUser to a non-zero UID (e.g. 10001), or remove it and rely on the image USER',
      }));
  },
};
