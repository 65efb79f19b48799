/**
 * The wire: plain HTTP on 127.0.0.1, JSON answers, every request logged, faults applied
 * before the request is served. Tracks its sockets and timers so `close()` leaves nothing
 * open, including requests held by a `timeout` fault.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseYamlBody } from './yaml-body.js';
import type { ApiRequest, ApiResponse } from './api-handler.js';
import type { Faults, RequestSummary } from './faults.js';
import type { RequestLog, LoggedRequest } from './request-log.js';
import { ApiError, internalError, serviceUnavailable, tooManyRequests, type StatusBody } from './status-errors.js';

export interface HttpServerOptions {
  readonly port: number;
  readonly faults: Faults;
  readonly log: RequestLog;
  /** Upper bound for `timeout` faults without their own `maxMs`. */
  readonly maxTimeoutMs: number;
  readonly handle: (request: Omit<ApiRequest, 'route' | 'serverAddress'> & { readonly path: string }) => ApiResponse;
}

export interface RunningHttpServer {
  readonly port: number;
  /** TCP connections accepted so far: a client that keeps connections alive opens few. */
  connectionsAccepted(): number;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return contentType?.includes('yaml') ? parseYamlBody(raw) : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function faultStatus(code: number, retryAfterSeconds: number | undefined): ApiError {
  if (code === 429) return tooManyRequests(retryAfterSeconds ?? 1);
  if (code === 503) return serviceUnavailable(retryAfterSeconds);
  if (code === 500) return internalError('injected fault');
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `injected fault (HTTP ${code})`, code };
  return new ApiError(body, retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) });
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const send = (response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string | readonly string[]>> = {}): void => {
    if (response.destroyed || response.writableEnded) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', 'Cache-Control': 'no-cache, private', ...headers });
    response.end(text);
  };

  const serve = (entry: LoggedRequest, request: IncomingMessage, response: ServerResponse): void => {
    let answer: ApiResponse;
    try {
      answer = options.handle({ method: entry.method, path: entry.path, query: new URL(request.url ?? '/', 'http://fake').searchParams, contentType: entry.contentType, userAgent: entry.headers.userAgent, rawBody: entry.rawBody });
    } catch (error) {
      const apiError = error instanceof ApiError ? error : internalError(error instanceof Error ? error.message : String(error));
      options.log.settle(entry, apiError.code);
      send(response, apiError.code, apiError.body, apiError.headers);
      return;
    }
    options.log.settle(entry, answer.status);
    const headers: Record<string, readonly string[]> = answer.warnings && answer.warnings.length > 0 ? { Warning: answer.warnings } : {};
    send(response, answer.status, answer.body, headers);
  };

  const onRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const rawBody = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://fake');
    const contentType = request.headers['content-type'];
    const entry: LoggedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType,
      headers: { accept: request.headers.accept, userAgent: request.headers['user-agent'], authorization: request.headers.authorization, contentType },
      body: parseBody(rawBody, contentType),
      rawBody,
      status: undefined,
      time: new Date(),
    };
    options.log.record(entry);
    const summary: RequestSummary = { method: entry.method, path: entry.path, query: entry.query, contentType };
    const decision = options.faults.decide(summary);
    const act = (): void => {
      if (closing) return;
      const fault = decision.terminal;
      if (!fault) return serve(entry, request, response);
      if (fault.type === 'status') {
        const error = faultStatus(fault.code, fault.retryAfterSeconds);
        options.log.settle(entry, fault.code);
        return send(response, fault.code, error.body, error.headers);
      }
      if (fault.type === 'reset') {
        options.log.settle(entry, 'reset');
        request.socket.destroy();
        return;
      }
      options.log.settle(entry, 'timeout');
      later(fault.maxMs ?? options.maxTimeoutMs, () => request.socket.destroy());
    };
    if (decision.latencyMs > 0) later(decision.latencyMs, act);
    else act();
  };

  const server: Server = createServer((request, response) => {
    onRequest(request, response).catch((error: unknown) => send(response, 500, internalError(String(error)).body));
  });
  let accepted = 0;
  server.on('connection', (socket: Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    connectionsAccepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}
