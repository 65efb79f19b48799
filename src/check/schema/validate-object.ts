/** One synthesized object -> its schema problems (none when the API server would accept it with fieldValidation=Strict). */
import { customResourceSchemas } from './crds.js';
import { kubernetesSchemas } from './definitions.js';
import { splitApiVersion } from './openapi-schema.js';
import type { SchemaProblem } from './problem.js';
import type { Validator, WalkContext } from './validator.js';

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly [field: string]: unknown;
}

/**
 * Validates an object against the Kubernetes 1.28 schema of its kind, or the CRD in
 * imports/crds for a custom resource; unknown fields are problems. `status` is not checked.
 */
export function validateObject(object: KubernetesObject): SchemaProblem[] {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || apiVersion === '') return [{ path: 'apiVersion', code: 'required', message: 'missing required field "apiVersion"' }];
  if (typeof kind !== 'string' || kind === '') return [{ path: 'kind', code: 'required', message: 'missing required field "kind"' }];
  const validator = validatorFor(apiVersion, kind);
  if (!validator) return [{ path: '', code: 'unknown-kind', message: unknownKindMessage(apiVersion, kind) }];
  const context: WalkContext = { path: [], problems: [] };
  validator(object, context);
  return context.problems;
}

function validatorFor(apiVersion: string, kind: string): Validator | undefined {
  const builtIn = kubernetesSchemas().kind(apiVersion, kind);
  if (builtIn) return builtIn;
  const { group, version } = splitApiVersion(apiVersion);
  return customResourceSchemas(group)?.kind(version, kind);
}

function unknownKindMessage(apiVersion: string, kind: string): string {
  const { group } = splitApiVersion(apiVersion);
  const known = [...kubernetesSchemas().apiVersionsOf(kind), ...(customResourceSchemas(group)?.apiVersionsOf(kind) ?? [])];
  const hint = known.length > 0 ? ` (${kind} is served as ${known.join(', ')})` : '';
  return `no schema for ${apiVersion} ${kind}${hint}`;
}
