/** MechanicBuddy's labels and the pieces of pod configuration every chart shares. */
import { MANAGED_BY, type AppIdentity, type k8s, type PeerPods } from '../../constructs/index.js';
import { PRODUCT } from '../platform/naming.js';
import type { GlobalSettings } from '../platform/schema.js';

/** Image users: .NET images ship `app` (uid 1654), Next.js standalone images `nextjs` (uid 1001). */
export const DOTNET_USER = { user: 1654 } as const;
export const NEXTJS_USER = { user: 1001 } as const;

export const API_PORT = 15567;
export const WEB_PORT = 3000;
export const API_HEALTH = { livenessPath: '/health/live', readinessPath: '/health/ready' } as const;
export const WEB_HEALTH = { livenessPath: '/api/health', readinessPath: '/api/health' } as const;

export function identity(name: string, component: string, instance: string, version?: string): AppIdentity {
  return { name, component, instance, partOf: PRODUCT, version };
}

/** Labels cdk8s puts on every object of a chart (seed 001 selects by part-of). */
export function chartLabels(instance: string): Record<string, string> {
  return {
    'app.kubernetes.io/part-of': PRODUCT,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/instance': instance,
  };
}

export function ingressController(global: GlobalSettings): PeerPods {
  return { namespace: global.ingress.controllerNamespace, podLabels: global.ingress.controllerPodLabels };
}

export const env = (name: string, value: string): k8s.EnvVar => ({ name, value });

export const secretEnv = (name: string, secret: string, key: string): k8s.EnvVar => ({
  name, valueFrom: { secretKeyRef: { name: secret, key } },
});

/**
 * Connection settings from a CNPG-style Secret (keys host, dbname, username,
 * password), assembled with Kubernetes' `$(VAR)` expansion so the password
 * never appears in the manifest.
 */
export function databaseEnv(secret: string, host?: string): k8s.EnvVar[] {
  return [
    host ? env('DB_HOST', host) : secretEnv('DB_HOST', secret, 'host'),
    env('DB_PORT', '5432'),
    secretEnv('DB_NAME', secret, 'dbname'),
    secretEnv('DB_USER', secret, 'username'),
    secretEnv('DB_PASSWORD', secret, 'password'),
    env('ConnectionStrings__Default', 'Host=$(DB_HOST);Port=$(DB_PORT);Database=$(DB_NAME);Username=$(DB_USER);Password=$(DB_PASSWORD)'),
  ];
}

/** What a Next.js standalone server reads: its port, the in-cluster API and the API URL browsers use. */
export function nextJsEnv(port: number, apiUrl: string, publicApiUrl: string): k8s.EnvVar[] {
  return [env('PORT', String(port)), env('HOSTNAME', '0.0.0.0'), env('API_URL', apiUrl), env('NEXT_PUBLIC_API_URL', publicApiUrl)];
}
