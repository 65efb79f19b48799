/** The legacy discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/{group}/{version}`) built from the served kinds. */
import { createHash } from 'node:crypto';
import type { JsonObject } from './json.js';
import { apiVersionOf, type ResourceType } from './resource-types.js';

export function versionInfo(): JsonObject {
  return {
    major: '1',
    minor: '28',
    gitVersion: 'v1.28.0',
    gitCommit: 'fake',
    gitTreeState: 'clean',
    buildDate: '2023-08-15T00:00:00Z',
    goVersion: 'go1.20.7',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersions(serverAddress: string): JsonObject {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupDocument(name: string, types: readonly ResourceType[]): JsonObject {
  const versions = [...new Set(types.filter((type) => type.group === name).map((type) => type.version))];
  const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: entries, preferredVersion: entries[0] };
}

function namedGroups(types: readonly ResourceType[]): string[] {
  return [...new Set(types.map((type) => type.group))].filter((group) => group !== '');
}

export function groupList(types: readonly ResourceType[]): JsonObject {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: namedGroups(types).map((group) => groupDocument(group, types)) };
}

export function apiGroup(group: string, types: readonly ResourceType[]): JsonObject | undefined {
  if (!types.some((type) => type.group === group && group !== '')) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(group, types) };
}

/** The APIResourceList of one group/version, or undefined when nothing is served there. */
export function resourceList(group: string, version: string, types: readonly ResourceType[]): JsonObject | undefined {
  const served = types.filter((type) => type.group === group && type.version === version);
  if (served.length === 0) return undefined;
  const resources = served.flatMap((type) => {
    const main: JsonObject = { name: type.resource, singularName: type.singular, namespaced: type.namespaced, kind: type.kind, verbs: [...type.verbs] };
    if (type.shortNames.length > 0) main.shortNames = [...type.shortNames];
    if (type.categories.length > 0) main.categories = [...type.categories];
    main.storageVersionHash = storageVersionHash(type);
    const status: JsonObject[] = type.statusSubresource ? [{ name: `${type.resource}/status`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: ['get', 'patch', 'update'] }] : [];
    return [main, ...status];
  });
  resources.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}

function storageVersionHash(type: ResourceType): string {
  return createHash('sha256').update(`${apiVersionOf(type)}/${type.kind}`).digest().subarray(0, 8).toString('base64');
}
