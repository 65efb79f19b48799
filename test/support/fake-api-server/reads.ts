/**
 * GET of one object and of lists: label and field selectors, `limit` and `continue`
 * (tokens shaped like the API server's, base64 of `{"v":"meta.k8s.io/v1","rv":N,"start":"ns/name\u0000"}`),
 * the list's resourceVersion, and items without apiVersion/kind for built-in kinds as the
 * API server encodes typed lists (custom resource lists keep them).
 */
import { nameOf, namespaceOf, storeKey, withoutTypeMeta, withTypeMeta, type ClusterState } from './cluster-state.js';
import { isObject, type JsonObject } from './json.js';
import { apiVersionOf, type ResourceType } from './resource-types.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { badRequest, expired, notFound } from './status-errors.js';

export interface ListQuery {
  readonly labelSelector: string | null;
  readonly fieldSelector: string | null;
  readonly limit: string | null;
  readonly continueToken: string | null;
}

interface ContinueToken {
  readonly v: string;
  readonly rv: number;
  readonly start: string;
}

const EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export function getObject(state: ClusterState, type: ResourceType, namespace: string, name: string): JsonObject {
  const object = state.store.get(storeKey(type, namespace, name));
  if (!object) throw notFound(type, name);
  return withTypeMeta(type, object);
}

function positionOf(object: JsonObject): string {
  const namespace = namespaceOf(object);
  return namespace === '' ? nameOf(object) : `${namespace}/${nameOf(object)}`;
}

function decodeToken(state: ClusterState, text: string): ContinueToken {
  let token: unknown;
  try {
    token = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw badRequest(`continue key is not valid: illegal base64 data`);
  }
  if (!isObject(token) || token.v !== 'meta.k8s.io/v1' || typeof token.rv !== 'number' || typeof token.start !== 'string') {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (token.rv < state.continueTokensValidFrom) throw expired(EXPIRED_MESSAGE);
  return token as unknown as ContinueToken;
}

function encodeToken(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

export function listObjects(state: ClusterState, type: ResourceType, namespace: string | undefined, query: ListQuery): JsonObject {
  const matchesLabels = parseLabelSelector(query.labelSelector);
  const matchesFields = parseFieldSelector(query.fieldSelector, type.kind, type.definedBy !== undefined);
  const limit = query.limit === null || query.limit === '' ? 0 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`limit: Invalid value: ${JSON.stringify(query.limit)}: must be a non-negative integer`);
  const token = query.continueToken ? decodeToken(state, query.continueToken) : undefined;
  const revision = token?.rv ?? Number(state.store.currentResourceVersion());

  let items = state.store
    .list(type.group, type.resource, type.namespaced ? namespace : undefined)
    .filter((object) => matchesLabels(object) && matchesFields(object));
  if (token) items = items.filter((object) => positionOf(object) >= token.start);

  const metadata: JsonObject = { resourceVersion: String(revision) };
  if (limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    metadata.continue = encodeToken({ v: 'meta.k8s.io/v1', rv: revision, start: `${positionOf(page.at(-1)!)}\u0000` });
    if (query.labelSelector === null && query.fieldSelector === null) metadata.remainingItemCount = items.length - limit;
    items = page;
  }
  const encode = type.definedBy === undefined ? withoutTypeMeta : (object: JsonObject) => withTypeMeta(type, object);
  return { kind: type.listKind, apiVersion: apiVersionOf(type), metadata, items: items.map(encode) };
}
