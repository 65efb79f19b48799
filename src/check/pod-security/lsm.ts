/** Linux security modules: AppArmor profiles (fields and the beta annotations) and SELinux options. */
import { allSecurityContexts, isSet, objectOf, quote, stringOf } from './pod.js';
import type { PodSecurityCheck, Problem } from './violation.js';

const APPARMOR_TYPES = ['RuntimeDefault', 'Localhost'];
/** Still read by admission although the API deprecated it for the appArmorProfile field. */
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

export const appArmorProfile: PodSecurityCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  source: 'check_appArmorProfile.go',
  note: 'one version (1.0), amended in place in Kubernetes 1.30 to read the appArmorProfile fields besides the beta annotations',
  evaluate: (pod) => {
    const fields = allSecurityContexts(pod).flatMap((owner): Problem[] => {
      const profile = owner.context?.appArmorProfile;
      if (!isSet(profile)) return [];
      const type = stringOf(objectOf(profile)?.type) ?? '';
      if (APPARMOR_TYPES.includes(type)) return [];
      return [{ path: `${owner.path}.appArmorProfile.type`, message: `${owner.who} must not set AppArmor profile type to ${quote(type)}`, hint: 'set appArmorProfile.type: RuntimeDefault (or Localhost), or remove it' }];
    });
    const annotations = Object.keys(pod.annotations)
      .filter((key) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAnnotationValue(pod.annotations[key] ?? ''))
      .sort()
      .map((key) => ({
        path: `metadata.annotations[${key}]`,
        message: `annotation ${key}=${quote(pod.annotations[key] ?? '')} must not set a forbidden AppArmor profile`,
        hint: 'set the annotation to runtime/default or localhost/<profile>, or better remove it and set securityContext.appArmorProfile',
      }));
    return [...fields, ...annotations];
  },
};

/** Upstream selinuxAllowedTypes1_31; 1.0-1.30 lacked container_engine_t. `''` is the runtime default. */
export const SELINUX_ALLOWED_TYPES: readonly string[] = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

export const seLinuxOptions: PodSecurityCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  source: 'check_seLinuxOptions.go',
  note: 'versions 1.0 and 1.31 (adds type container_engine_t); user and role must be empty at every version',
  evaluate: (pod) =>
    allSecurityContexts(pod).flatMap((owner) => {
      const options = owner.context?.seLinuxOptions;
      if (!isSet(options)) return [];
      const fields = objectOf(options) ?? {};
      const problems: Problem[] = [];
      const type = stringOf(fields.type) ?? '';
      if (!SELINUX_ALLOWED_TYPES.includes(type)) {
        problems.push({ path: `${owner.path}.seLinuxOptions.type`, message: `${owner.who} set forbidden securityContext.seLinuxOptions: type ${quote(type)}`, hint: `use one of ${SELINUX_ALLOWED_TYPES.filter(Boolean).join(', ')}, or remove seLinuxOptions.type` });
      }
      for (const field of ['user', 'role'] as const) {
        if (stringOf(fields[field])) {
          problems.push({ path: `${owner.path}.seLinuxOptions.${field}`, message: `${owner.who} set forbidden securityContext.seLinuxOptions: ${field} may not be set`, hint: `remove seLinuxOptions.${field}` });
        }
      }
      return problems;
    }),
};
