/** Every request the fake received, with what a test asserts about the wire format of a write. */

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType: string | undefined;
  readonly headers: {
    readonly accept: string | undefined;
    readonly userAgent: string | undefined;
    readonly authorization: string | undefined;
    readonly contentType: string | undefined;
  };
  /** The body parsed as JSON (or YAML for apply patches); undefined when empty or unparsable. */
  readonly body: unknown;
  readonly rawBody: string;
  /** The status answered, or what happened instead. */
  readonly status: number | 'reset' | 'timeout' | 'aborted' | undefined;
  readonly time: Date;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class RequestLog {
  private entries: LoggedRequest[] = [];

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  /** Records the outcome of a request once it is known (the first outcome stays). */
  settle(entry: LoggedRequest, status: NonNullable<LoggedRequest['status']>): void {
    const mutable = entry as { status: LoggedRequest['status'] };
    mutable.status ??= status;
  }

  all(): readonly LoggedRequest[] {
    return [...this.entries];
  }

  /** POST, PUT, PATCH and DELETE requests. */
  writes(): readonly LoggedRequest[] {
    return this.entries.filter((entry) => WRITE_METHODS.has(entry.method));
  }

  clear(): void {
    this.entries = [];
  }
}
