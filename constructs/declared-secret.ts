/**
 * A Secret a chart needs but never synthesizes: values must not reach Git,
 * snapshots or logs. The applier creates generated keys from a CSPRNG (once,
 * never rotated silently) and refuses to roll out while a supplied key is missing.
 */
import { Construct, type IConstruct } from 'constructs';
import type { k8s } from './k8s.js';
import { assertDnsLabel } from './names.js';

export type SecretKeySource = 'generated' | 'supplied';

export interface DeclaredSecretKey {
  readonly key: string;
  readonly source: SecretKeySource;
  /** What the value is, for people supplying it. */
  readonly description: string;
  /** Length in bytes of a generated value (hex-encoded). @default 32 */
  readonly bytes?: number;
}

export interface DeclaredSecretProps {
  readonly name: string;
  readonly namespace: string;
  readonly keys: readonly DeclaredSecretKey[];
}

const DECLARED_SECRET = Symbol.for('saas-charts.DeclaredSecret');

export class DeclaredSecret extends Construct {
  static isDeclaredSecret(x: unknown): x is DeclaredSecret {
    return typeof x === 'object' && x !== null && DECLARED_SECRET in x;
  }

  readonly name: string;
  readonly namespace: string;
  readonly keys: readonly DeclaredSecretKey[];

  constructor(scope: Construct, id: string, props: DeclaredSecretProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'secret name');
    const seen = new Set<string>();
    for (const key of props.keys) {
      if (!/^[-._a-zA-Z0-9]+$/.test(key.key)) throw new Error(`secret "${props.name}": key "${key.key}" is not a valid Secret key`);
      if (seen.has(key.key)) throw new Error(`secret "${props.name}": key "${key.key}" is declared twice`);
      seen.add(key.key);
    }
    Object.defineProperty(this, DECLARED_SECRET, { value: true });
    this.name = props.name;
    this.namespace = props.namespace;
    this.keys = props.keys;
  }

  /** An environment variable read from one of the declared keys. */
  envVar(name: string, key: string): k8s.EnvVar {
    if (!this.keys.some((k) => k.key === key)) throw new Error(`secret "${this.name}" declares no key "${key}"`);
    return { name, valueFrom: { secretKeyRef: { name: this.name, key } } };
  }
}

/** Every DeclaredSecret under a construct, in tree order. */
export function declaredSecrets(scope: IConstruct): DeclaredSecret[] {
  return scope.node.findAll().filter(DeclaredSecret.isDeclaredSecret);
}
