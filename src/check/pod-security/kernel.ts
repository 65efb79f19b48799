/** Kernel interfaces: the /proc mount type and pod sysctls. */
import { isSet, listOf, objectOf, quote, stringOf, type PodView } from './pod.js';
import type { PodSecurityCheck, Problem } from './violation.js';

function unmaskedProcMounts(pod: PodView): Problem[] {
  return pod.containers.flatMap((container) => {
    const value = container.securityContext?.procMount;
    if (!isSet(value) || value === 'Default') return [];
    const type = typeof value === 'string' ? value : JSON.stringify(value);
    return [
      {
        path: `${container.path}.securityContext.procMount`,
        message: `container ${quote(container.name)} must not set securityContext.procMount to ${quote(type)}`,
        hint: 'remove securityContext.procMount (or set it to Default)',
      },
    ];
  });
}

export const procMount: PodSecurityCheck = {
  id: 'procMount',
  level: 'baseline',
  source: 'check_procMount_baseline.go',
  note: 'versions 1.0 and 1.35; 1.35+ allows any value when spec.hostUsers=false; at restricted, procMount_restricted replaces it',
  evaluate: (pod) => (pod.userNamespace ? [] : unmaskedProcMounts(pod)),
};

export const procMountRestricted: PodSecurityCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  source: 'check_procMount_restricted.go',
  overrides: ['procMount'],
  note: 'added in policy 1.35: keeps procMount at Default or unset even when spec.hostUsers=false (before 1.35 the baseline procMount check did this)',
  evaluate: unmaskedProcMounts,
};

/**
 * Sysctls namespaced to the pod and isolated from other pods (upstream sysctlsAllowedV1Dot0 plus the
 * 1.27, 1.29, 1.32 and 1.37 additions).
 */
export const SAFE_SYSCTLS: readonly string[] = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  // 1.27
  'net.ipv4.ip_local_reserved_ports',
  // 1.29
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  // 1.32
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  // 1.37
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
];

export const sysctls: PodSecurityCheck = {
  id: 'sysctls',
  level: 'baseline',
  source: 'check_sysctls.go',
  note: 'versions 1.0, 1.27, 1.29, 1.32 and 1.37, each widening the safe set; only the pod securityContext holds sysctls',
  evaluate: (pod) =>
    listOf(pod.securityContext?.sysctls).flatMap((item, index) => {
      const name = stringOf(objectOf(item)?.name) ?? '';
      if (SAFE_SYSCTLS.includes(name)) return [];
      return [
        {
          path: `securityContext.sysctls[${index}].name`,
          message: `pod must not set forbidden sysctl ${quote(name)}`,
          hint: `remove the sysctl; only ${SAFE_SYSCTLS.join(', ')} are allowed`,
        },
      ];
    }),
};
