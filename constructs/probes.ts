/** HTTP health checks: readiness gates traffic, liveness restarts, startup covers slow boots. */
import { k8s } from './k8s.js';

export interface HttpHealthChecks {
  /** Path answered 200 when the process is alive, e.g. `/health/live`. */
  readonly livenessPath: string;
  /** Path answered 200 when the instance can serve, e.g. `/health/ready`. */
  readonly readinessPath: string;
  /** Longest start-up before liveness applies. @default 120 seconds */
  readonly startupSeconds?: number;
}

export function httpProbes(checks: HttpHealthChecks, portName: string): Pick<k8s.Container, 'livenessProbe' | 'readinessProbe' | 'startupProbe'> {
  const get = (path: string): k8s.HttpGetAction => ({ path, port: k8s.IntOrString.fromString(portName), scheme: 'HTTP' });
  const startupPeriod = 5;
  return {
    startupProbe: { httpGet: get(checks.livenessPath), periodSeconds: startupPeriod, timeoutSeconds: 3, failureThreshold: Math.ceil((checks.startupSeconds ?? 120) / startupPeriod) },
    livenessProbe: { httpGet: get(checks.livenessPath), periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    readinessProbe: { httpGet: get(checks.readinessPath), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
  };
}
