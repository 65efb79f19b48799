/** No secret value in any output: Secrets are declared and created at apply time, never synthesized. */
import { containersOf } from '../context.js';
import type { UnitRule } from '../rule.js';

/** Environment names that hold credentials. */
export const SECRET_LOOKING_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY)/i;
/** `$(VAR)` references to other variables: a value made only of them carries no secret itself. */
const REFERENCE = /\$\([A-Za-z_][A-Za-z0-9_]*\)/g;

export const noSecretValuesRule: UnitRule = {
  id: 'secrets/no-values',
  scope: 'unit',
  severity: 'error',
  title: 'no secret value is synthesized',
  hint: 'declare the Secret (DeclaredSecret) and read it with valueFrom.secretKeyRef',
  check(unit, report) {
    for (const located of unit.ofKind('Secret')) {
      const secret = located.object as unknown as { data?: Record<string, string>; stringData?: Record<string, string> };
      for (const field of ['data', 'stringData'] as const) {
        const keys = Object.keys(secret[field] ?? {});
        if (keys.length > 0) report(located, `Secret carries values in ${field} (${keys.join(', ')})`, { path: field });
      }
    }
    for (const template of unit.podTemplates) {
      for (const { container, path } of containersOf(template.spec)) {
        (container.env ?? []).forEach((variable, index) => {
          if (variable.value === undefined || !SECRET_LOOKING_NAME.test(variable.name)) return;
          if (variable.value.replace(REFERENCE, '') === '') return;
          report(template.owner, `env ${variable.name} of container "${container.name}" has a literal value`, { path: `${template.path}.${path}.env[${index}].value` });
        });
      }
    }
  },
};
