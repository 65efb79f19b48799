/** One API request (already routed) -> status code, body and headers, or an ApiError. */
import type { ClusterState } from './cluster-state.js';
import { Deletions, type DeleteOptions } from './deletion.js';
import { apiGroup, coreVersions, groupList, resourceList, versionInfo } from './discovery.js';
import { parseFieldValidation } from './field-validation.js';
import { isObject, type Json } from './json.js';
import { getObject, listObjects } from './reads.js';
import type { Route } from './router.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { badRequest, invalid, methodNotAllowed, pathNotFound } from './status-errors.js';
import { create, patch, replace, type WriteOptions, type WriteResult } from './writes.js';

export interface ApiRequest {
  readonly method: string;
  readonly route: Route;
  readonly query: URLSearchParams;
  readonly contentType: string | undefined;
  readonly userAgent: string | undefined;
  readonly rawBody: string;
  /** host:port, for `/api`'s serverAddressByClientCIDRs. */
  readonly serverAddress: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: Json | string;
  readonly warnings?: readonly string[];
}

function dryRunOf(query: URLSearchParams, fromBody?: Json): boolean {
  const values = [...query.getAll('dryRun'), ...(Array.isArray(fromBody) ? fromBody.map(String) : [])];
  for (const value of values) {
    if (value !== 'All') {
      throw invalid({ group: 'meta.k8s.io', resource: 'options', kind: 'Options' }, '', [{ type: 'FieldValueNotSupported', field: 'dryRun', detail: `Unsupported value: ${JSON.stringify(value)}: supported values: "All"` }]);
    }
  }
  return values.length > 0;
}

function writeOptions(request: ApiRequest, subresource: 'status' | undefined): WriteOptions {
  return {
    dryRun: dryRunOf(request.query),
    fieldManager: request.query.get('fieldManager') ?? undefined,
    userAgent: request.userAgent,
    fieldValidation: parseFieldValidation(request.query.get('fieldValidation')),
    force: request.query.get('force') === 'true',
    subresource,
  };
}

function written(result: WriteResult, createdStatus: number): ApiResponse {
  return { status: result.created ? createdStatus : 200, body: result.object, warnings: result.warnings };
}

function deleteOptions(request: ApiRequest): DeleteOptions {
  let body: Json = {};
  if (request.rawBody.trim() !== '') {
    try {
      body = JSON.parse(request.rawBody) as Json;
    } catch {
      throw badRequest('the body of a DELETE must be DeleteOptions in JSON');
    }
  }
  const options = isObject(body) ? body : {};
  const preconditions = isObject(options.preconditions) ? options.preconditions : undefined;
  return {
    dryRun: dryRunOf(request.query, options.dryRun),
    propagationPolicy: request.query.get('propagationPolicy') ?? (typeof options.propagationPolicy === 'string' ? options.propagationPolicy : undefined),
    preconditions: preconditions
      ? {
          ...(typeof preconditions.uid === 'string' ? { uid: preconditions.uid } : {}),
          ...(typeof preconditions.resourceVersion === 'string' ? { resourceVersion: preconditions.resourceVersion } : {}),
        }
      : undefined,
  };
}

export function handleApiRequest(state: ClusterState, deletions: Deletions, request: ApiRequest): ApiResponse {
  const { route, method } = request;
  switch (route.kind) {
    case 'version':
      return { status: 200, body: versionInfo() };
    case 'health':
      return { status: 200, body: 'ok' };
    case 'core-versions':
      return { status: 200, body: coreVersions(request.serverAddress) };
    case 'groups':
      return { status: 200, body: groupList(state.registry.types()) };
    case 'group': {
      const body = apiGroup(route.group, state.registry.types());
      if (!body) throw pathNotFound();
      return { status: 200, body };
    }
    case 'resource-list': {
      const body = resourceList(route.group, route.version, state.registry.types());
      if (!body) throw pathNotFound();
      return { status: 200, body };
    }
    case 'unknown':
      throw pathNotFound();
  }
  const { type, name, subresource } = route;
  const namespace = route.namespace ?? '';
  if (name === undefined) {
    if (subresource !== undefined) throw pathNotFound();
    switch (method) {
      case 'GET':
        if (request.query.get('watch') === 'true' || request.query.get('watch') === '1') throw badRequest('the fake API server does not implement watch; poll with GET');
        return { status: 200, body: listObjects(state, type, route.namespace, queryOf(request.query)) };
      case 'POST':
        if (type.namespaced && route.namespace === undefined) throw pathNotFound();
        return written(create(state, type, namespace, request.rawBody, writeOptions(request, undefined)), 201);
      case 'DELETE': {
        const matches = [parseLabelSelector(request.query.get('labelSelector')), parseFieldSelector(request.query.get('fieldSelector'), type.kind, type.definedBy !== undefined)];
        return { status: 200, body: deletions.deleteCollection(type, route.namespace, (object) => matches.every((match) => match(object)), deleteOptions(request)) };
      }
      default:
        throw methodNotAllowed();
    }
  }
  switch (method) {
    case 'GET':
      return { status: 200, body: getObject(state, type, namespace, name) };
    case 'PUT':
      return written(replace(state, type, namespace, name, request.rawBody, writeOptions(request, subresource)), 201);
    case 'PATCH':
      return written(patch(state, type, namespace, name, request.contentType ?? '', request.rawBody, writeOptions(request, subresource)), 201);
    case 'DELETE':
      if (subresource !== undefined) throw methodNotAllowed();
      return { status: 200, body: deletions.delete(type, namespace, name, deleteOptions(request)) };
    default:
      throw methodNotAllowed();
  }
}

function queryOf(query: URLSearchParams): Parameters<typeof listObjects>[3] {
  return { labelSelector: query.get('labelSelector'), fieldSelector: query.get('fieldSelector'), limit: query.get('limit'), continueToken: query.get('continue') };
}
