export { hasReadinessRule, readinessOf } from './readiness.js';
export type { ManagedFieldsEntry, Readiness, ReadinessContext, ReadinessObject, ReadinessState } from './types.js';
