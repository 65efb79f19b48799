/**
 * The checks of the `latest` policy version, in upstream's registry shape: baseline checks apply to
 * restricted too, except the ones a restricted check overrides (upstream registry.go populate()).
 */
import { hostNamespaces, hostPorts, hostProbesAndHostLifecycle, windowsHostProcess } from './host.js';
import { runAsNonRoot, runAsUser } from './identity.js';
import { procMount, procMountRestricted, sysctls } from './kernel.js';
import type { PodSecurityLevel } from './levels.js';
import { appArmorProfile, seLinuxOptions } from './lsm.js';
import { podView } from './pod.js';
import { allowPrivilegeEscalation, capabilitiesBaseline, capabilitiesRestricted, privileged } from './privilege.js';
import { seccompProfileBaseline, seccompProfileRestricted } from './seccomp.js';
import type { PodSecurityCheck, PodSecurityViolation } from './violation.js';
import { hostPathVolumes, restrictedVolumes } from './volumes.js';

export const POD_SECURITY_CHECKS: readonly PodSecurityCheck[] = [
  // baseline
  privileged,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  capabilitiesBaseline,
  seccompProfileBaseline,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  sysctls,
  windowsHostProcess,
  hostProbesAndHostLifecycle,
  // restricted
  restrictedVolumes,
  allowPrivilegeEscalation,
  capabilitiesRestricted,
  seccompProfileRestricted,
  runAsNonRoot,
  runAsUser,
  procMountRestricted,
];

/** The checks admission runs at a level: none for privileged. */
export function checksFor(level: PodSecurityLevel): readonly PodSecurityCheck[] {
  if (level === 'privileged') return [];
  if (level === 'baseline') return POD_SECURITY_CHECKS.filter((check) => check.level === 'baseline');
  const overridden = new Set(POD_SECURITY_CHECKS.flatMap((check) => (check.level === 'restricted' ? (check.overrides ?? []) : [])));
  return POD_SECURITY_CHECKS.filter((check) => !overridden.has(check.id));
}

/** Checks a pod spec (plus pod metadata for annotations) against a level; baseline checks apply to restricted too. */
export function checkPodSecurity(podSpec: unknown, podMetadata: { annotations?: Record<string, string> } | undefined, level: PodSecurityLevel): PodSecurityViolation[] {
  const pod = podView(podSpec, podMetadata);
  return checksFor(level).flatMap((check) => check.evaluate(pod).map((problem) => ({ check: check.id, level: check.level, ...problem })));
}
