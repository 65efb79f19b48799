/** A kubeconfig for the fake: one cluster, user and context named `fake`. */
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** The context's default namespace. @default 'default' */
  readonly namespace?: string;
  /** Bearer token the client sends (the fake accepts any). @default 'fake-token' */
  readonly token?: string;
}

export function kubeconfigYaml(url: string, options: KubeconfigOptions = {}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // client-node refuses plain HTTP unless TLS verification is declared off.
    clusters: [{ name: 'fake', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'fake', user: { token: options.token ?? 'fake-token' } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake', namespace: options.namespace ?? 'default' } }],
    'current-context': 'fake',
    preferences: {},
  });
}

/** A kubeconfig with one cluster, user and context per fake server (many clusters), the first current. */
export function kubeconfigWithContexts(servers: ReadonlyArray<{ readonly context: string; readonly url: string }>, options: KubeconfigOptions = {}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: servers.map(({ context, url }) => ({ name: context, cluster: { server: url, 'insecure-skip-tls-verify': true } })),
    users: servers.map(({ context }) => ({ name: context, user: { token: options.token ?? 'fake-token' } })),
    contexts: servers.map(({ context }) => ({ name: context, context: { cluster: context, user: context, namespace: options.namespace ?? 'default' } })),
    'current-context': servers[0]?.context ?? '',
    preferences: {},
  });
}
