/**
 * An ACME ClusterIssuer with two solvers: DNS-01 for the platform's own zones
 * (the only way to obtain `*.{domain}`), HTTP-01 for everything else (tenants'
 * custom domains, whose DNS we do not control).
 */
import { Construct } from 'constructs';
import { ClusterIssuer } from '../imports/certmanager-cert-manager.io.js';
import { clusterScoped } from './cluster-scoped.js';

export interface SecretKeyReference {
  readonly name: string;
  readonly key: string;
}

export interface AcmeClusterIssuerProps {
  readonly name: string;
  readonly email: string;
  /** @default - Let's Encrypt production */
  readonly server?: string;
  /** Zones answered with DNS-01 through Cloudflare. */
  readonly dns01Zones: readonly string[];
  /** Cloudflare API token (in cert-manager's namespace). */
  readonly cloudflareApiToken: SecretKeyReference;
  /** IngressClass that serves HTTP-01 challenges. */
  readonly http01IngressClass: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export const LETS_ENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';

export class AcmeClusterIssuer extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: AcmeClusterIssuerProps) {
    super(scope, id);
    this.name = props.name;
    clusterScoped(new ClusterIssuer(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels ? { ...props.labels } : undefined },
      spec: {
        acme: {
          email: props.email,
          server: props.server ?? LETS_ENCRYPT_PRODUCTION,
          privateKeySecretRef: { name: `${props.name}-account-key` },
          solvers: [
            {
              selector: { dnsZones: [...props.dns01Zones] },
              dns01: { cloudflare: { apiTokenSecretRef: { name: props.cloudflareApiToken.name, key: props.cloudflareApiToken.key } } },
            },
            { http01: { ingress: { ingressClassName: props.http01IngressClass } } },
          ],
        },
      },
    }));
  }
}
