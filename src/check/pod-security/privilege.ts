/** Privilege checks: privileged containers, capabilities, privilege escalation. */
import { listOf, objectOf, quote, type ContainerView } from './pod.js';
import type { PodSecurityCheck, Problem } from './violation.js';

export const privileged: PodSecurityCheck = {
  id: 'privileged',
  level: 'baseline',
  source: 'check_privileged.go',
  note: 'one version (1.0): securityContext.privileged must be unset or false',
  evaluate: (pod) =>
    pod.containers
      .filter((container) => container.securityContext?.privileged === true)
      .map((container) => ({
        path: `${container.path}.securityContext.privileged`,
        message: `container ${quote(container.name)} must not set securityContext.privileged=true`,
        hint: 'remove securityContext.privileged (or set it to false)',
      })),
};

/** The container runtime's default set: adding these back is allowed at baseline (upstream capabilities_allowed_1_0). */
export const BASELINE_ALLOWED_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

function capabilities(container: ContainerView): { add: string[]; drop: string[] } | undefined {
  const caps = objectOf(container.securityContext?.capabilities);
  if (!caps) return undefined;
  // A non-string entry is no capability the runtime knows; keep it visible so it is reported.
  const names = (value: unknown) => listOf(value).map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  return { add: names(caps.add), drop: names(caps.drop) };
}

function forbiddenAdds(container: ContainerView, forbidden: string[], allowed: string): Problem {
  return {
    path: `${container.path}.securityContext.capabilities.add`,
    message: `container ${quote(container.name)} must not include ${quote(...forbidden)} in securityContext.capabilities.add`,
    hint: `remove ${forbidden.join(', ')} from capabilities.add; ${allowed}`,
  };
}

export const capabilitiesBaseline: PodSecurityCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  source: 'check_capabilities_baseline.go',
  note: 'one version (1.0): capabilities.add only from the runtime default set; at restricted, capabilities_restricted replaces it',
  evaluate: (pod) =>
    pod.containers.flatMap((container) => {
      const forbidden = (capabilities(container)?.add ?? []).filter((name) => !BASELINE_ALLOWED_CAPABILITIES.includes(name));
      return forbidden.length === 0 ? [] : [forbiddenAdds(container, forbidden, `only ${BASELINE_ALLOWED_CAPABILITIES.join(', ')} may be added`)];
    }),
};

export const capabilitiesRestricted: PodSecurityCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  source: 'check_capabilities_restricted.go',
  overrides: ['capabilities_baseline'],
  note: 'versions 1.22 and 1.25; 1.25+ exempts pods with spec.os.name=windows',
  evaluate: (pod) => {
    if (pod.windows) return [];
    return pod.containers.flatMap((container) => {
      const caps = capabilities(container);
      const problems: Problem[] = [];
      if (!caps?.drop.includes('ALL')) {
        problems.push({
          path: `${container.path}.securityContext.capabilities.drop`,
          message: `container ${quote(container.name)} must set securityContext.capabilities.drop=["ALL"]`,
          hint: 'set securityContext.capabilities.drop: ["ALL"]',
        });
      }
      const forbidden = (caps?.add ?? []).filter((name) => name !== 'NET_BIND_SERVICE');
      if (forbidden.length > 0) problems.push(forbiddenAdds(container, forbidden, 'only NET_BIND_SERVICE may be added'));
      return problems;
    });
  },
};

export const allowPrivilegeEscalation: PodSecurityCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  source: 'check_allowPrivilegeEscalation.go',
  note: 'versions 1.8 and 1.25; unset fails (the runtime default is true); 1.25+ exempts pods with spec.os.name=windows',
  evaluate: (pod) => {
    if (pod.windows) return [];
    return pod.containers
      .filter((container) => container.securityContext?.allowPrivilegeEscalation !== false)
      .map((container) => ({
        path: `${container.path}.securityContext.allowPrivilegeEscalation`,
        message: `container ${quote(container.name)} must set securityContext.allowPrivilegeEscalation=false`,
        hint: 'set securityContext.allowPrivilegeEscalation: false',
      }));
  },
};
