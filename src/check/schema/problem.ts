/** What the schema check reports: one problem per bad field, located by its path in the object. */

export type SchemaProblemCode = 'unknown-field' | 'type' | 'required' | 'enum' | 'unknown-kind' | 'format';

export interface SchemaProblem {
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].imagePullPolicy`; `''` for the object itself. */
  readonly path: string;
  /** What is wrong, quoting the bad value or field. */
  readonly message: string;
  readonly code: SchemaProblemCode;
}
