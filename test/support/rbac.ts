/**
 * RBAC as the API server sees a request: the verb, API group, resource,
 * namespace and name a logged request needs, and whether a set of rules
 * allows it. Tests use it to prove a ServiceAccount's rules cover every
 * request a feature makes; `enforceRbac` makes the fake refuse the others at
 * the moment they are made, from the roles and bindings stored then.
 */
import type { AccessRule } from '../../constructs/index.js';
import type { FakeApiServer, StoreAccess } from './fake-api-server/index.js';
import type { LoggedRequest } from './fake-api-server/request-log.js';

export interface Call {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  /** Absent for cluster-scoped resources and lists across namespaces. */
  readonly namespace?: string;
  /** Absent for lists and creates. */
  readonly name?: string;
  readonly path?: string;
}

/** The RBAC verb and resource of an API request; undefined for discovery (open to every account). */
export function toCall(request: Pick<LoggedRequest, 'method' | 'path'>): Call | undefined {
  const parts = request.path.split('/').filter(Boolean);
  let rest: string[];
  let group: string;
  if (parts[0] === 'api' && parts.length >= 2) [group, rest] = ['', parts.slice(2)];
  else if (parts[0] === 'apis' && parts.length >= 3) [group, rest] = [parts[1], parts.slice(3)];
  else return undefined;
  if (rest.length === 0) return undefined;
  let resource: string;
  let name: string | undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) [namespace, resource, name] = [rest[1], rest[2], rest[3]];
  else [resource, name] = [rest[0], rest[1]];
  const verbs: Record<string, string> = { GET: name ? 'get' : 'list', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: name ? 'delete' : 'deletecollection' };
  return { verb: verbs[request.method], group, resource, namespace, name, path: `${request.method} ${request.path}` };
}

/** As the RBAC authorizer matches a rule: API group, resource and verb, and the object's name when the rule lists names. */
export function allowed(rules: readonly AccessRule[], call: Call): boolean {
  return rules.some((rule) => rule.apiGroups.includes(call.group) && rule.resources.includes(call.resource) && rule.verbs.includes(call.verb)
    && (!rule.resourceNames?.length || (call.name !== undefined && rule.resourceNames.includes(call.name))));
}

export function describeCall(call: Call): string {
  return `${call.verb} ${call.group}/${call.resource} (${call.path})`;
}

export interface AccountRef {
  readonly name: string;
  readonly namespace: string;
}

interface Binding {
  readonly roleRef: { readonly kind: string; readonly name: string };
  readonly subjects?: readonly { readonly kind: string; readonly name: string; readonly namespace?: string }[];
}

/**
 * Whether a ServiceAccount may make a call, from the roles and bindings stored now: ClusterRoleBindings
 * everywhere, RoleBindings in their own namespace only (whether they reference a Role or a ClusterRole).
 */
export function authorizedNow(store: StoreAccess, account: AccountRef, call: Call): boolean {
  const binds = (binding: Binding) => (binding.subjects ?? []).some((s) => s.kind === 'ServiceAccount' && s.name === account.name && s.namespace === account.namespace);
  const rulesOf = (kind: string, name: string, namespace?: string) => ((store.get({ kind, name, namespace }) as { rules?: AccessRule[] } | undefined)?.rules ?? []);
  const bindings = (kind: string, namespace?: string) => (store.list(kind, { namespace }) as unknown as Binding[]).filter(binds);
  const everywhere = bindings('ClusterRoleBinding').flatMap((b) => rulesOf('ClusterRole', b.roleRef.name));
  const here = call.namespace === undefined ? [] : bindings('RoleBinding', call.namespace)
    .flatMap((b) => (b.roleRef.kind === 'ClusterRole' ? rulesOf('ClusterRole', b.roleRef.name) : rulesOf('Role', b.roleRef.name, call.namespace)));
  return allowed([...everywhere, ...here], call);
}

/** From now on the fake answers 403 to each call the account's stored RBAC does not allow, as a real API server would; returns the refused calls as they come. */
export function enforceRbac(server: FakeApiServer, account: AccountRef): Call[] {
  const refused: Call[] = [];
  server.faults.add({
    fault: { type: 'status', code: 403 },
    match: {
      when: (request) => {
        const call = toCall(request);
        if (call === undefined || authorizedNow(server.store, account, call)) return false;
        refused.push(call);
        return true;
      },
    },
  });
  return refused;
}
