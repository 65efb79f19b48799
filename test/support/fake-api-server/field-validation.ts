/**
 * Unknown fields, found with the repository's schema check (Kubernetes 1.28 definitions;
 * for custom resources the served CRD's own schema), reported the way the API server does:
 * - create, update and non-apply patches: `fieldValidation=Strict` -> 400 `strict decoding
 *   error: unknown field "spec.replica"`; `Warn` (the default) drops them with a `Warning`
 *   header; `Ignore` drops them silently.
 * - server-side apply: whatever `fieldValidation` says, structured-merge-diff cannot type the
 *   patch and the API server answers 500 without a reason, `failed to create typed patch
 *   object (ns/name; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema`
 *   (kubernetes/kubernetes#122480, #118877).
 */
import { groupSchemas } from '../../../src/check/schema/crds.js';
import { validateObject, type KubernetesObject } from '../../../src/check/schema/index.js';
import type { CustomResourceDefinition } from '../../../src/check/schema/openapi-schema.js';
import type { WalkContext } from '../../../src/check/schema/validator.js';
import { fieldElement, pathString, type PathElement } from './field-set.js';
import { isObject, stringAt, type Json, type JsonObject } from './json.js';
import type { ResourceRegistry } from './registry.js';
import { apiVersionOf, type ResourceType } from './resource-types.js';
import { childShape, deduce, type Shape } from './shapes.js';
import { badRequest, unreasonedInternal, type ApiError } from './status-errors.js';
import { listItemElement } from './typed-values.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '' || value === 'Warn') return 'Warn';
  if (value === 'Strict' || value === 'Ignore') return value;
  throw badRequest(`fieldValidation: Unsupported value: ${JSON.stringify(value)}: supported values: "Ignore", "Strict", "Warn"`);
}

type Segment = string | number;

const validators = new WeakMap<JsonObject, Map<string, ((value: unknown, context: WalkContext) => void) | undefined>>();

/** Paths (`spec.template.spec.containers[0].foo`) of the fields no schema declares; status is not checked. */
export function unknownFieldPaths(registry: ResourceRegistry, type: ResourceType, object: JsonObject): string[] {
  const definition = registry.definitionOf(type);
  if (!definition) {
    return validateObject(object as KubernetesObject)
      .filter((problem) => problem.code === 'unknown-field')
      .map((problem) => problem.path);
  }
  let byKind = validators.get(definition);
  if (!byKind) {
    byKind = new Map();
    validators.set(definition, byKind);
  }
  const key = `${type.version} ${type.kind}`;
  if (!byKind.has(key)) byKind.set(key, groupSchemas(type.group, [definition as unknown as CustomResourceDefinition]).kind(type.version, type.kind));
  const validator = byKind.get(key);
  if (!validator) return [];
  const context: WalkContext = { path: [], problems: [] };
  validator(object, context);
  return context.problems.filter((problem) => problem.code === 'unknown-field').map((problem) => problem.path);
}

/** `spec.x[0]["a.b"]` -> ['spec', 'x', 0, 'a.b'] (the inverse of the schema check's formatPath). */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\./g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}

/** Removes unknown fields in place (what decoding does under Warn and Ignore). */
export function dropFields(object: JsonObject, paths: readonly string[]): void {
  for (const path of [...paths].reverse()) {
    const segments = parsePath(path);
    const last = segments.pop();
    let node: Json | undefined = object;
    for (const segment of segments) node = typeof segment === 'number' ? (Array.isArray(node) ? node[segment] : undefined) : isObject(node) ? node[segment] : undefined;
    if (isObject(node) && typeof last === 'string') delete node[last];
  }
}

export function strictDecodingError(type: ResourceType, paths: readonly string[], wrapped: boolean): ApiError {
  const detail = `strict decoding error: ${paths.map((path) => `unknown field ${JSON.stringify(path)}`).join(', ')}`;
  if (!wrapped || type.definedBy !== undefined) return badRequest(detail);
  return badRequest(`${type.kind} in version ${JSON.stringify(type.version)} cannot be handled as a ${type.kind}: ${detail}`);
}

export function unknownFieldWarnings(paths: readonly string[]): string[] {
  return paths.map((path) => `299 - ${JSON.stringify(`unknown field ${JSON.stringify(path)}`)}`);
}

/** The 500 the API server answers when an applied configuration has fields its schema lacks. */
export function typedPatchError(type: ResourceType, shape: Shape, config: JsonObject, paths: readonly string[]): ApiError {
  const errors = paths.map((path) => `${structuredPath(parsePath(path), config, shape)}: field not declared in schema`).sort();
  return typedPatchFailure(type, config, errors.length === 1 ? errors[0] : `errors:\n  ${errors.join('\n  ')}`);
}

/** `failed to create typed patch object (ns/name; apps/v1, Kind=Deployment): <detail>`, answered as a reasonless 500. */
export function typedPatchFailure(type: ResourceType, config: JsonObject, detail: string): ApiError {
  const where = `${stringAt(config, 'metadata', 'namespace') ?? ''}/${stringAt(config, 'metadata', 'name') ?? ''}`;
  const gvk = `${type.group === '' ? `/${type.version}` : apiVersionOf(type)}, Kind=${type.kind}`;
  return unreasonedInternal(`failed to create typed patch object (${where}; ${gvk}): ${detail}`);
}

/** A schema-check path in structured-merge-diff's spelling: list items by their keys. */
export function structuredPath(segments: readonly Segment[], root: JsonObject, shape: Shape): string {
  const elements: PathElement[] = [];
  let node: Json | undefined = root;
  let nodeShape: Shape = shape;
  for (const segment of segments) {
    const resolved = deduce(nodeShape, node);
    if (typeof segment === 'string') {
      elements.push(fieldElement(segment));
      nodeShape = resolved.type === 'map' ? childShape(resolved, segment).shape : nodeShape;
      node = isObject(node) ? node[segment] : undefined;
      continue;
    }
    const item: Json | undefined = Array.isArray(node) ? node[segment] : undefined;
    if (resolved.type === 'list' && item !== undefined) {
      try {
        elements.push(listItemElement(resolved, item, segment));
      } catch {
        elements.push(`i:${segment}`);
      }
      nodeShape = resolved.element;
    } else elements.push(`i:${segment}`);
    node = item;
  }
  return pathString(elements);
}
