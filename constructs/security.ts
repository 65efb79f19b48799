/** Security contexts that pass Pod Security `restricted` (kubernetes/pod-security-admission policy/*). */
import { k8s } from './k8s.js';

export interface PodIdentity {
  /** Numeric user: the kubelet cannot verify runAsNonRoot against a named image user. */
  readonly user: number;
  /** @default - same as user */
  readonly group?: number;
  /** @default - same as group */
  readonly fsGroup?: number;
}

export function restrictedPodSecurityContext(identity: PodIdentity): k8s.PodSecurityContext {
  const group = identity.group ?? identity.user;
  return {
    runAsNonRoot: true,
    runAsUser: identity.user,
    runAsGroup: group,
    fsGroup: identity.fsGroup ?? group,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export interface ContainerHardening {
  /** @default true */
  readonly readOnlyRootFilesystem?: boolean;
}

export function restrictedContainerSecurityContext(options: ContainerHardening = {}): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
