import type { UnitRule } from '../rule.js';

export const noWildcardsRule: UnitRule = {
  id: 'rbac/no-wildcards',
  scope: 'unit',
  severity: 'error',
  title: 'roles name every API group, resource and verb',
  hint: 'replace "*" with the explicit list the workload needs',
  check(unit, report) {
    for (const role of unit.ofKind('Role', 'ClusterRole')) {
      const rules = (role.object as unknown as { rules?: Record<string, string[] | undefined>[] }).rules ?? [];
      rules.forEach((rule, index) => {
        for (const field of ['apiGroups', 'resources', 'verbs', 'nonResourceURLs']) {
          if (rule[field]?.includes('*')) report(role, `rule ${index} grants "*" in ${field}`, { path: `rules[${index}].${field}` });
        }
      });
    }
  },
};
