export type { SchemaProblem, SchemaProblemCode } from './problem.js';
export { validateObject, type KubernetesObject } from './validate-object.js';
