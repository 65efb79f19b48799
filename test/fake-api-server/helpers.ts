/** Plain-fetch helpers for the fake API server's own tests. */
import type { FakeApiServer } from '../support/fake-api-server/index.js';

/** Answers are read deep inside; loose typing keeps each assertion one line. */
export type Body = Record<string, any>;

export interface Answer {
  readonly status: number;
  readonly body: Body;
  readonly headers: Headers;
}

export async function call(server: FakeApiServer, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
  const init: RequestInit = { method, headers: { Accept: 'application/json', 'User-Agent': 'fake-api-server-tests/1.0' } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = contentType;
  }
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  let parsed: Body;
  try {
    parsed = JSON.parse(text) as Body;
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export function apply(server: FakeApiServer, path: string, object: unknown, query = 'fieldManager=saas-charts'): Promise<Answer> {
  return call(server, 'PATCH', `${path}?${query}`, object, 'application/apply-patch+yaml');
}

export function deployment(name: string, namespace: string, spec: Body = {}): Body {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
      ...spec,
    },
  };
}

export const deploymentPath = (namespace: string, name = ''): string => `/apis/apps/v1/namespaces/${namespace}/deployments${name ? `/${name}` : ''}`;
