/** Faults tests inject: latency, error statuses, connection resets, requests never answered. */

export type Fault =
  /** Answer `ms` later (adds up with other latency rules; the request is then served or faulted). */
  | { readonly type: 'latency'; readonly ms: number }
  /** Answer with this status and a Status body (429 and 503 carry Retry-After when given). */
  | { readonly type: 'status'; readonly code: number; readonly retryAfterSeconds?: number }
  /** Destroy the connection without answering (the client sees ECONNRESET / "socket hang up"). */
  | { readonly type: 'reset' }
  /** Never answer; the connection is closed after `maxMs` (default 10 s) so nothing hangs forever. */
  | { readonly type: 'timeout'; readonly maxMs?: number };

export interface RequestSummary {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType: string | undefined;
}

export interface FaultMatch {
  /** One method or several (`PATCH`, `['POST', 'PUT']`). */
  readonly method?: string | readonly string[];
  /** The exact path, or a RegExp tested on it. */
  readonly path?: string | RegExp;
  readonly when?: (request: RequestSummary) => boolean;
}

export interface FaultRule {
  readonly fault: Fault;
  /** Which requests; every request when absent. */
  readonly match?: FaultMatch;
  /** For the next N matching requests; for all of them when absent. */
  readonly times?: number;
}

export interface FaultHandle {
  /** How many requests this rule has faulted so far. */
  readonly hits: number;
  remove(): void;
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
  hits: number;
}

export interface FaultDecision {
  readonly latencyMs: number;
  /** A fault that replaces the normal answer, if any. */
  readonly terminal: Exclude<Fault, { type: 'latency' }> | undefined;
}

function matches(match: FaultMatch | undefined, request: RequestSummary): boolean {
  if (!match) return true;
  if (match.method !== undefined) {
    const methods = typeof match.method === 'string' ? [match.method] : match.method;
    if (!methods.some((method) => method.toUpperCase() === request.method)) return false;
  }
  if (match.path !== undefined && (typeof match.path === 'string' ? match.path !== request.path : !match.path.test(request.path))) return false;
  return match.when === undefined || match.when(request);
}

export class Faults {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): FaultHandle {
    const active: ActiveRule = { rule, remaining: rule.times ?? Infinity, hits: 0 };
    this.rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      remove: () => {
        this.rules = this.rules.filter((candidate) => candidate !== active);
      },
    };
  }

  /** The next `count` requests (matching `match`) get `fault`. */
  next(count: number, fault: Fault, match?: FaultMatch): FaultHandle {
    return this.add({ fault, times: count, ...(match ? { match } : {}) });
  }

  clear(): void {
    this.rules = [];
  }

  /** Consumes the rules a request matches: all latency rules add up, the first other rule replaces the answer. */
  decide(request: RequestSummary): FaultDecision {
    let latencyMs = 0;
    let terminal: FaultDecision['terminal'];
    for (const active of this.rules) {
      if (active.remaining <= 0 || !matches(active.rule.match, request)) continue;
      const { fault } = active.rule;
      if (fault.type !== 'latency' && terminal !== undefined) continue;
      active.remaining -= 1;
      active.hits += 1;
      if (fault.type === 'latency') latencyMs += fault.ms;
      else terminal = fault;
    }
    this.rules = this.rules.filter((active) => active.remaining > 0);
    return { latencyMs, terminal };
  }
}
