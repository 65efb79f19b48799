/** Pod Security levels and the one a Namespace enforces (kubernetes/pod-security-admission api/constants.go). */

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** The label admission reads; the `-version` label beside it is not modelled: we always check the `latest` policy. */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

const LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

export function isPodSecurityLevel(value: unknown): value is PodSecurityLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/**
 * The enforce level a Namespace object declares. A missing namespace, a missing label or a value
 * admission cannot parse all mean `restricted`: our platform default, and what admission itself
 * falls back to for an invalid level.
 */
export function namespaceLevel(namespace: { metadata: { labels?: Record<string, string> } } | undefined): PodSecurityLevel {
  const metadata: unknown = (namespace as { metadata?: unknown } | undefined)?.metadata;
  const labels: unknown = typeof metadata === 'object' && metadata !== null ? (metadata as { labels?: unknown }).labels : undefined;
  const value: unknown = typeof labels === 'object' && labels !== null ? (labels as Record<string, unknown>)[ENFORCE_LABEL] : undefined;
  return isPodSecurityLevel(value) ? value : 'restricted';
}
