/**
 * `Status` bodies as the API server writes them (k8s.io/apimachinery `errors.New*`):
 * same code, reason, message wording and details, so a client parses ours like theirs.
 */
import type { JsonObject } from './json.js';

export interface StatusCause {
  /** On the wire the Go field `Type` is spelled `reason`. */
  readonly reason?: string;
  readonly message: string;
  readonly field?: string;
}

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly uid?: string;
  readonly causes?: readonly StatusCause[];
  readonly retryAfterSeconds?: number;
}

export interface StatusBody {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure' | 'Success';
  readonly message?: string;
  readonly reason?: string;
  readonly details?: StatusDetails;
  readonly code?: number;
}

/** What an error message names: `deployments.apps` (resource) or `Deployment.apps` (kind). */
export interface QualifiedResource {
  readonly group: string;
  readonly resource: string;
  readonly kind: string;
}

export class ApiError extends Error {
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly body: StatusBody,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.message ?? body.reason ?? `HTTP ${body.code}`);
    this.headers = headers;
  }

  get code(): number {
    return this.body.code ?? 500;
  }
}

function failure(code: number, reason: string | undefined, message: string, details?: StatusDetails): StatusBody {
  const body: { -readonly [K in keyof StatusBody]: StatusBody[K] } = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message };
  if (reason !== undefined) body.reason = reason;
  if (details !== undefined) body.details = details;
  body.code = code;
  return body;
}

function qualifiedResource(target: QualifiedResource): string {
  return target.group === '' ? target.resource : `${target.resource}.${target.group}`;
}

function qualifiedKind(target: QualifiedResource): string {
  return target.group === '' ? target.kind : `${target.kind}.${target.group}`;
}

function resourceDetails(target: QualifiedResource, name: string): StatusDetails {
  return target.group === '' ? { name, kind: target.resource } : { name, group: target.group, kind: target.resource };
}

export function notFound(target: QualifiedResource, name: string): ApiError {
  return new ApiError(failure(404, 'NotFound', `${qualifiedResource(target)} ${JSON.stringify(name)} not found`, resourceDetails(target, name)));
}

/** Unknown paths, groups and resources. */
export function pathNotFound(): ApiError {
  return new ApiError(failure(404, 'NotFound', 'the server could not find the requested resource', {}));
}

export function alreadyExists(target: QualifiedResource, name: string): ApiError {
  return new ApiError(failure(409, 'AlreadyExists', `${qualifiedResource(target)} ${JSON.stringify(name)} already exists`, resourceDetails(target, name)));
}

export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(target: QualifiedResource, name: string, reason = OBJECT_MODIFIED): ApiError {
  const message = `Operation cannot be fulfilled on ${qualifiedResource(target)} ${JSON.stringify(name)}: ${reason}`;
  return new ApiError(failure(409, 'Conflict', message, resourceDetails(target, name)));
}

/** Server-side apply conflicts: details carry only the causes, as `errors.NewApplyConflict` does. */
export function applyConflict(message: string, causes: readonly StatusCause[]): ApiError {
  return new ApiError(failure(409, 'Conflict', message, { causes }));
}

export interface FieldError {
  /** `FieldValueInvalid`, `FieldValueRequired`, `FieldValueForbidden`, ... */
  readonly type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueForbidden' | 'FieldValueNotSupported' | 'FieldValueDuplicate';
  readonly field: string;
  /** The part after `field: `, e.g. `Invalid value: "x": field is immutable`. */
  readonly detail: string;
}

export function invalid(target: QualifiedResource, name: string, errors: readonly FieldError[]): ApiError {
  const each = errors.map((error) => `${error.field}: ${error.detail}`);
  const summary = each.length === 1 ? each[0] : `[${each.join(', ')}]`;
  const message = `${qualifiedKind(target)} ${JSON.stringify(name)} is invalid: ${summary}`;
  const causes = errors.map((error) => ({ reason: error.type, message: error.detail, field: error.field }));
  const details: StatusDetails = target.group === '' ? { name, kind: target.kind, causes } : { name, group: target.group, kind: target.kind, causes };
  return new ApiError(failure(422, 'Invalid', message, details));
}

export function forbidden(target: QualifiedResource, name: string, why: string, causes?: readonly StatusCause[]): ApiError {
  const message = `${qualifiedResource(target)} ${JSON.stringify(name)} is forbidden: ${why}`;
  const details = resourceDetails(target, name);
  return new ApiError(failure(403, 'Forbidden', message, causes ? { ...details, causes } : details));
}

export function badRequest(message: string): ApiError {
  return new ApiError(failure(400, 'BadRequest', message));
}

/** An error the API server did not turn into a StatusError: code 500 and no reason (kubernetes#118877). */
export function unreasonedInternal(message: string): ApiError {
  return new ApiError(failure(500, undefined, message));
}

export function internalError(cause: string): ApiError {
  return new ApiError(failure(500, 'InternalError', `Internal error occurred: ${cause}`, { causes: [{ message: cause }] }));
}

export function methodNotAllowed(): ApiError {
  return new ApiError(failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
}

export function unsupportedMediaType(accepted: readonly string[]): ApiError {
  return new ApiError(failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`, {}));
}

export function tooManyRequests(retryAfterSeconds: number): ApiError {
  const body = failure(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });
  return new ApiError(body, { 'Retry-After': String(retryAfterSeconds) });
}

export function serviceUnavailable(retryAfterSeconds?: number): ApiError {
  const details = retryAfterSeconds === undefined ? undefined : { retryAfterSeconds };
  const body = failure(503, 'ServiceUnavailable', 'the server is currently unable to handle the request', details);
  return new ApiError(body, retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) });
}

export function expired(message: string): ApiError {
  return new ApiError(failure(410, 'Expired', message));
}

/** What DELETE answers when the object is gone at once (`Kind` holds the resource, as the registry does). */
export function deletedStatus(target: QualifiedResource, name: string, uid: string): JsonObject {
  const details: JsonObject = target.group === '' ? { name, kind: target.resource, uid } : { name, group: target.group, kind: target.resource, uid };
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
