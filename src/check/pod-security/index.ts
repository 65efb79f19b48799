export { ENFORCE_LABEL, isPodSecurityLevel, namespaceLevel, type PodSecurityLevel } from './levels.js';
export { checkPodSecurity, checksFor, POD_SECURITY_CHECKS } from './registry.js';
export { pathInObject, podTemplateOf, type PodTemplateRef } from './template.js';
export type { PodSecurityCheck, PodSecurityViolation } from './violation.js';
