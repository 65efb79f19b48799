/**
 * HTTP to the API server. @kubernetes/client-node reads the kubeconfig and its
 * credentials; the requests are ours, with raw JSON bodies (the client's typed
 * serializer drops CRD `x-kubernetes-*` keys and unknown fields). Retries 429
 * (honouring Retry-After), 5xx and connection resets with exponential backoff
 * and jitter; every request has a deadline, so nothing hangs.
 */
import http from 'node:http';
import https from 'node:https';
import { ClusterUnreachable, KubeApiError, type KubeStatus } from './errors.js';

export interface KubeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface KubeResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface KubeTransport {
  readonly server: string;
  /** Resolves with 2xx bodies; throws KubeApiError (with the Status body) or ClusterUnreachable. */
  request(request: KubeRequest): Promise<unknown>;
  /** Counters for reports and benchmarks; `writes` counts persisted writes (dry-runs excluded). */
  readonly stats: { requests: number; writes: number; retries: number };
}

export interface RetryPolicy {
  /** @default 5 */
  readonly attempts: number;
  /** @default 200 */
  readonly baseDelayMs: number;
  /** @default 5000 */
  readonly maxDelayMs: number;
  /** @default 30000 */
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000, timeoutMs: 30_000 };

export interface ConnectOptions {
  /** Path of a kubeconfig file. @default - $KUBECONFIG, ~/.kube/config, or in-cluster */
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly retry?: Partial<RetryPolicy>;
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Reads the kubeconfig (lazily loading the Kubernetes client) and returns a transport to its cluster. */
export async function connect(options: ConnectOptions = {}): Promise<KubeTransport> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  try {
    if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
    else config.loadFromDefault();
    if (options.context) config.setCurrentContext(options.context);
  } catch (error) {
    throw new ClusterUnreachable(`cannot load the kubeconfig${options.kubeconfig ? ` ${options.kubeconfig}` : ''}: ${(error as Error).message}`);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new ClusterUnreachable(`the kubeconfig has no cluster for context "${options.context ?? config.getCurrentContext()}"`);
  const requestOptions: https.RequestOptions = {};
  await config.applyToHTTPSOptions(requestOptions);
  if (!cluster.proxyUrl) requestOptions.agent = keepAliveAgent(cluster.server, requestOptions);
  return new HttpTransport(new URL(cluster.server), requestOptions, { ...DEFAULT_RETRY, ...options.retry }, options.sleep, options.random);
}

/**
 * client-node's agent opens a new connection (TCP, and TLS) for every
 * request; an apply makes thousands. The same agent with keep-alive, built
 * from the TLS settings client-node put on the request options (the fields it
 * copies into its own agent). Proxied clusters keep client-node's proxy agent.
 */
function keepAliveAgent(server: string, options: https.RequestOptions): http.Agent {
  const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = options;
  const shared = { keepAlive: true, maxSockets: 64 };
  return server.startsWith('http:') ? new http.Agent(shared) : new https.Agent({ ...shared, ca, cert, key, pfx, passphrase, rejectUnauthorized, servername });
}

export class HttpTransport implements KubeTransport {
  readonly stats = { requests: 0, writes: 0, retries: 0 };
  readonly server: string;

  constructor(
    private readonly base: URL,
    private readonly options: https.RequestOptions,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    private readonly random: () => number = Math.random,
  ) {
    this.server = base.origin;
  }

  async request(request: KubeRequest): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      let outcome: KubeResponse & { retryAfter?: number };
      try {
        outcome = await this.once(request);
      } catch (error) {
        if (attempt >= this.retry.attempts) throw new ClusterUnreachable(`${describe(request)}: ${(error as Error).message} (after ${attempt} attempts)`);
        await this.backoff(attempt);
        continue;
      }
      if (outcome.status >= 200 && outcome.status < 300) return outcome.body;
      const retryable = outcome.status === 429 || (outcome.status >= 500 && !isFinalServerError(outcome.body));
      if (!retryable || attempt >= this.retry.attempts) throw new KubeApiError(outcome.status, statusOf(outcome.body), describe(request));
      await this.backoff(attempt, outcome.retryAfter);
    }
  }

  private async backoff(attempt: number, retryAfterSeconds?: number): Promise<void> {
    this.stats.retries++;
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    const jittered = exponential / 2 + (this.random() * exponential) / 2;
    await this.sleep(retryAfterSeconds !== undefined ? Math.min(this.retry.maxDelayMs * 4, retryAfterSeconds * 1000) : jittered);
  }

  private once(request: KubeRequest): Promise<KubeResponse & { retryAfter?: number }> {
    this.stats.requests++;
    if (request.method !== 'GET' && request.query?.dryRun === undefined) this.stats.writes++;
    const url = new URL(request.path, this.base);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(url, {
        ...this.options,
        method: request.method,
        headers: {
          ...(this.options.headers as Record<string, string> | undefined),
          Accept: 'application/json',
          ...(body !== undefined ? { 'Content-Type': request.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
        },
        timeout: this.retry.timeoutMs,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON (a proxy's error page): keep the text.
          }
          const retryAfter = Number(res.headers['retry-after']);
          resolve({ status: res.statusCode ?? 0, body: parsed, retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.retry.timeoutMs} ms`)));
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
}

function statusOf(body: unknown): KubeStatus {
  if (typeof body === 'object' && body !== null) return body as KubeStatus;
  return { message: typeof body === 'string' ? body.slice(0, 200) : undefined };
}

function describe(request: KubeRequest): string {
  return `${request.method} ${request.path}`;
}

/** The API server answers an apply with unknown fields with a 500 (kubernetes#122480): retrying cannot help. */
function isFinalServerError(body: unknown): boolean {
  return /failed to create typed patch object|field not declared in schema/.test(JSON.stringify(body ?? ''));
}
