export { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions, type StoreAccess } from './server.js';
export type { AutoAdvanceRule, RuleHandle } from './auto-advance.js';
export type { Fault, FaultHandle, FaultMatch, FaultRule, Faults, RequestSummary } from './faults.js';
export { kubeconfigWithContexts, type KubeconfigOptions } from './kubeconfig.js';
export type { Json, JsonObject } from './json.js';
export type { LoggedRequest, RequestLog } from './request-log.js';
export type { ObjectRef, Outcome, StatusKnobs } from './status-knobs.js';
export type { StatusBody, StatusCause, StatusDetails } from './status-errors.js';
