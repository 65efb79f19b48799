/** Update validation the applier trips over most: fields the API server refuses to change (422 Invalid). */
import { deepEqual, getPath, isObject, type Json, type JsonObject } from './json.js';
import type { ResourceType } from './resource-types.js';
import type { FieldError } from './status-errors.js';

function immutable(field: string, value: Json | undefined): FieldError {
  return { type: 'FieldValueInvalid', field, detail: `Invalid value: ${JSON.stringify(value ?? null)}: field is immutable` };
}

function changed(live: JsonObject, next: JsonObject, ...path: string[]): boolean {
  return !deepEqual(getPath(live, ...path), getPath(next, ...path));
}

const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

export function immutableFieldErrors(type: ResourceType, live: JsonObject, next: JsonObject): FieldError[] {
  if (type.definedBy !== undefined) return [];
  const errors: FieldError[] = [];
  const key = `${type.group}/${type.kind}`;
  if ((key === 'apps/Deployment' || key === 'apps/StatefulSet' || key === 'batch/Job') && changed(live, next, 'spec', 'selector')) {
    errors.push(immutable('spec.selector', getPath(next, 'spec', 'selector')));
  }
  if (key === 'apps/StatefulSet') {
    const others = (object: JsonObject): JsonObject => {
      const spec = isObject(object.spec) ? { ...object.spec } : {};
      for (const field of [...STATEFULSET_MUTABLE, 'selector']) delete spec[field];
      return spec;
    };
    if (!deepEqual(others(live), others(next))) {
      errors.push({
        type: 'FieldValueForbidden',
        field: 'spec',
        detail: "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      });
    }
  }
  if (key === 'batch/Job') {
    if (changed(live, next, 'spec', 'template')) errors.push(immutable('spec.template', getPath(next, 'spec', 'template')));
    if (changed(live, next, 'spec', 'completions')) errors.push(immutable('spec.completions', getPath(next, 'spec', 'completions')));
  }
  if (key === '/Service') {
    const before = getPath(live, 'spec', 'clusterIP');
    if (typeof before === 'string' && before !== '' && changed(live, next, 'spec', 'clusterIP')) errors.push(immutable('spec.clusterIP', getPath(next, 'spec', 'clusterIP')));
  }
  if (key === '/PersistentVolumeClaim') {
    const withoutRequests = (object: JsonObject): Json | undefined => {
      const spec = isObject(object.spec) ? structuredClone(object.spec) : {};
      if (isObject(spec.resources)) delete spec.resources.requests;
      if (getPath(live, 'spec', 'volumeName') === undefined) delete spec.volumeName;
      return spec;
    };
    if (!deepEqual(withoutRequests(live), withoutRequests(next))) {
      errors.push({ type: 'FieldValueForbidden', field: 'spec', detail: 'Forbidden: spec is immutable after creation except resources.requests for bound claims' });
    }
  }
  if ((key === '/Secret' || key === '/ConfigMap') && live.immutable === true) {
    for (const field of ['data', 'binaryData']) {
      if (changed(live, next, field)) errors.push({ type: 'FieldValueForbidden', field, detail: 'Forbidden: field is immutable when `immutable` is set' });
    }
    if (next.immutable !== true) errors.push({ type: 'FieldValueForbidden', field: 'immutable', detail: 'Forbidden: field is immutable when `immutable` is set' });
  }
  if ((key === 'rbac.authorization.k8s.io/RoleBinding' || key === 'rbac.authorization.k8s.io/ClusterRoleBinding') && changed(live, next, 'roleRef')) {
    errors.push({ type: 'FieldValueInvalid', field: 'roleRef', detail: `Invalid value: ${JSON.stringify(getPath(next, 'roleRef') ?? null)}: cannot change roleRef` });
  }
  return errors;
}
