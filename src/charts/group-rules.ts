/** Derived RBAC rules in a stable shape, whatever order the kinds came in. */
import type { AccessRule } from '../../constructs/index.js';

/** Verbs granted per "group/resource", as groupRules takes them. */
export type GrantedVerbs = Map<string, Set<string>>;

export function grantVerbs(granted: GrantedVerbs, group: string, resource: string, verbs: readonly string[]): void {
  const key = `${group}/${resource}`;
  granted.set(key, new Set([...(granted.get(key) ?? []), ...verbs]));
}

/** One rule per (API group, verb set), resources sorted: compact and deterministic. */
export function groupRules(verbs: ReadonlyMap<string, ReadonlySet<string>>): AccessRule[] {
  const rules = new Map<string, { group: string; verbs: string[]; resources: string[] }>();
  for (const [key, set] of verbs) {
    const slash = key.indexOf('/');
    const group = key.slice(0, slash);
    const sortedVerbs = [...set].sort();
    const ruleKey = `${group}|${sortedVerbs.join(',')}`;
    const rule = rules.get(ruleKey) ?? { group, verbs: sortedVerbs, resources: [] };
    rule.resources.push(key.slice(slash + 1));
    rules.set(ruleKey, rule);
  }
  const order = (rule: { group: string; verbs: string[] }) => `${rule.group}\u0000${rule.verbs.join(',')}`;
  return [...rules.values()]
    .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
    .map((rule) => ({ apiGroups: [rule.group], resources: rule.resources.sort(), verbs: rule.verbs }));
}
