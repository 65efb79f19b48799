/** Pod Security Standards, at the level each namespace enforces (restricted unless it declares otherwise). */
import { checkPodSecurity, namespaceLevel, pathInObject } from '../pod-security/index.js';
import type { UnitRule } from '../rule.js';

export const podSecurityRule: UnitRule = {
  id: 'pod-security',
  scope: 'unit',
  severity: 'error',
  title: 'every pod template passes the Pod Security level of its namespace (admission rejects the pods, not the Deployment)',
  hint: 'set the field as the message says, or declare pod-security.kubernetes.io/enforce: baseline on the namespace if the image needs it',
  check(unit, report) {
    const namespaces = new Map(unit.ofKind('Namespace').map(({ object }) => [object.metadata.name, object]));
    for (const template of unit.podTemplates) {
      const level = namespaceLevel(namespaces.get(template.owner.object.metadata.namespace ?? ''));
      for (const violation of checkPodSecurity(template.spec, { annotations: template.annotations }, level)) {
        report(template.owner, `${violation.message} (${violation.level}: ${violation.check})`, { path: pathInObject(template.path, violation.path), hint: violation.hint });
      }
    }
  },
};
