/** What every check reports: one finding per problem, located by object and field, with a fix hint. */

export type Severity = 'error' | 'warning';

/** Identifies an object the way kubectl does. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface Finding {
  /** Stable rule id, e.g. `schema/unknown-field`, `pod-security/capabilities`, `resources/limits`. */
  readonly rule: string;
  readonly severity: Severity;
  readonly object: ObjectRef;
  /** Output file holding the object, when known. */
  readonly file?: string;
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly path?: string;
  /** What is wrong, quoting the value. */
  readonly message: string;
  /** What to change. */
  readonly hint: string;
}

export function refOf(object: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): ObjectRef {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace };
}

/** `Deployment tenant-acme/api` */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
