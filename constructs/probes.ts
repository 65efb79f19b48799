/** HTTP health checks: readiness gates traffic, liveness restarts, startup covers slow boots. */
import { k8s } from './k8s.js';
import type { ProbeSet } from './pod-template.js';

export interface HttpHealthChecks {
  /** Path answered 200 when the process is alive, e.g. `/health/live`. */
  readonly livenessPath: string;
  /** Path answered 200 when the instance can serve, e.g. `/health/ready`. */
  readonly readinessPath: string;
  /** Longest start-up before liveness applies. @default 120 seconds */
  readonly startupSeconds?: number;
}

/** Probes on the `http` port: startup and liveness on the liveness path, readiness on its own. */
export function httpProbeSet(checks: HttpHealthChecks, portName = 'http'): ProbeSet {
  const get = (path: string): k8s.HttpGetAction => ({ path, port: k8s.IntOrString.fromString(portName), scheme: 'HTTP' });
  const startupPeriod = 5;
  return {
    startup: { httpGet: get(checks.livenessPath), periodSeconds: startupPeriod, timeoutSeconds: 3, failureThreshold: Math.ceil((checks.startupSeconds ?? 120) / startupPeriod) },
    liveness: { httpGet: get(checks.livenessPath), periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    readiness: { httpGet: get(checks.readinessPath), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
  };
}
