/**
 * RBAC as the API server sees a request: the verb, API group and resource a
 * logged request needs, and whether a set of rules allows it. Tests use it to
 * prove a ServiceAccount's rules cover every request a feature makes.
 */
import type { AccessRule } from '../../constructs/index.js';
import type { LoggedRequest } from './fake-api-server/request-log.js';

export interface Call {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly path?: string;
}

/** The RBAC verb and resource of an API request; undefined for discovery (open to every account). */
export function toCall(request: LoggedRequest): Call | undefined {
  const parts = request.path.split('/').filter(Boolean);
  let rest: string[];
  let group: string;
  if (parts[0] === 'api' && parts.length >= 2) [group, rest] = ['', parts.slice(2)];
  else if (parts[0] === 'apis' && parts.length >= 3) [group, rest] = [parts[1], parts.slice(3)];
  else return undefined;
  if (rest.length === 0) return undefined;
  let resource: string;
  let name: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) [resource, name] = [rest[2], rest[3]];
  else [resource, name] = [rest[0], rest[1]];
  const verbs: Record<string, string> = { GET: name ? 'get' : 'list', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: name ? 'delete' : 'deletecollection' };
  return { verb: verbs[request.method], group, resource, path: `${request.method} ${request.path}` };
}

export function allowed(rules: readonly AccessRule[], call: Call): boolean {
  return rules.some((rule) => rule.apiGroups.includes(call.group) && rule.resources.includes(call.resource) && rule.verbs.includes(call.verb));
}

export function describeCall(call: Call): string {
  return `${call.verb} ${call.group}/${call.resource} (${call.path})`;
}
