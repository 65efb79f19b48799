/** URL paths of the Kubernetes API, resolved against the kinds being served. */
import type { ResourceRegistry } from './registry.js';
import type { ResourceType } from './resource-types.js';

export type Route =
  | { readonly kind: 'version' }
  | { readonly kind: 'health' }
  | { readonly kind: 'core-versions' }
  | { readonly kind: 'groups' }
  | { readonly kind: 'group'; readonly group: string }
  | { readonly kind: 'resource-list'; readonly group: string; readonly version: string }
  | {
      readonly kind: 'resource';
      readonly type: ResourceType;
      /** Undefined for cluster-scoped kinds and for lists across all namespaces. */
      readonly namespace: string | undefined;
      readonly name: string | undefined;
      readonly subresource: 'status' | undefined;
    }
  | { readonly kind: 'unknown' };

const UNKNOWN: Route = { kind: 'unknown' };

export function route(registry: ResourceRegistry, pathname: string): Route {
  const segments = pathname.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
  if (segments.length === 1 && segments[0] === 'version') return { kind: 'version' };
  if (segments.length === 1 && ['healthz', 'readyz', 'livez'].includes(segments[0])) return { kind: 'health' };
  if (segments[0] === 'api') {
    if (segments.length === 1) return { kind: 'core-versions' };
    return resourcePath(registry, '', segments[1], segments.slice(2));
  }
  if (segments[0] === 'apis') {
    if (segments.length === 1) return { kind: 'groups' };
    if (segments.length === 2) return registry.types().some((type) => type.group === segments[1]) ? { kind: 'group', group: segments[1] } : UNKNOWN;
    return resourcePath(registry, segments[1], segments[2], segments.slice(3));
  }
  return UNKNOWN;
}

function resourcePath(registry: ResourceRegistry, group: string, version: string, rest: readonly string[]): Route {
  if (!registry.types().some((type) => type.group === group && type.version === version)) return UNKNOWN;
  if (rest.length === 0) return { kind: 'resource-list', group, version };
  const namespaceScoped = rest[0] === 'namespaces' && rest.length >= 3 && !(group === '' && rest.length === 3 && rest[2] === 'status');
  if (namespaceScoped) {
    const [, namespace, resource, name, subresource, ...extra] = rest;
    const type = registry.byResource(group, version, resource);
    if (!type?.namespaced || extra.length > 0) return UNKNOWN;
    return resourceRoute(type, namespace, name, subresource);
  }
  const [resource, name, subresource, ...extra] = rest;
  const type = registry.byResource(group, version, resource);
  if (!type || extra.length > 0) return UNKNOWN;
  if (type.namespaced && name !== undefined) return UNKNOWN;
  return resourceRoute(type, undefined, name, subresource);
}

function resourceRoute(type: ResourceType, namespace: string | undefined, name: string | undefined, subresource: string | undefined): Route {
  if (subresource !== undefined && (subresource !== 'status' || !type.statusSubresource)) return UNKNOWN;
  return { kind: 'resource', type, namespace, name, subresource: subresource === 'status' ? 'status' : undefined };
}
