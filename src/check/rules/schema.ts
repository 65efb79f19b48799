/** Strict schema validation, as the API server's fieldValidation=Strict: unknown fields are errors. */
import { validateObject } from '../schema/index.js';
import type { UnitRule } from '../rule.js';

export const schemaRule: UnitRule = {
  id: 'schema',
  scope: 'unit',
  severity: 'error',
  title: 'every object matches its Kubernetes 1.28 or CRD schema, unknown fields rejected',
  hint: 'fix the field name or value; a misspelled field would be rejected by the API server (or dropped by a lenient client)',
  check(unit, report) {
    for (const located of unit.objects) {
      for (const problem of validateObject(located.object as unknown as { apiVersion: string; kind: string })) {
        report(located, problem.message, { path: problem.path });
      }
    }
  },
};
