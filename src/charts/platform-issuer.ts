/**
 * What every cluster of the fleet needs for TLS, whichever chart holds it: the
 * ACME ClusterIssuer that tenant, brick and customer Certificates name, and
 * (tenantSubdomains: wildcard) the ingress controller's default certificate.
 */
import type { Construct } from 'constructs';
import { AcmeClusterIssuer, TlsCertificate } from '../../constructs/index.js';
import type { GlobalSettings } from '../platform/schema.js';

/** Namespace-wide wildcard certificate served by the ingress controller by default (tenantSubdomains: wildcard). */
export const DEFAULT_CERTIFICATE = 'mechanicbuddy-wildcard';

export function platformIssuer(scope: Construct, global: GlobalSettings): AcmeClusterIssuer {
  return new AcmeClusterIssuer(scope, 'Issuer', {
    name: global.tls.issuer,
    email: global.tls.acmeEmail,
    server: global.tls.acmeServer,
    dns01Zones: [global.domain],
    cloudflareApiToken: global.tls.dns01.cloudflareApiToken,
    http01IngressClass: global.ingress.className,
  });
}

/** The controller's --default-ssl-certificate, which serves every tenant subdomain; none unless tenantSubdomains is wildcard. */
export function defaultCertificate(scope: Construct, global: GlobalSettings): TlsCertificate | undefined {
  if (global.tls.tenantSubdomains !== 'wildcard') return undefined;
  return new TlsCertificate(scope, 'DefaultCertificate', {
    name: DEFAULT_CERTIFICATE,
    secretName: `${DEFAULT_CERTIFICATE}-tls`,
    dnsNames: [global.domain, `*.${global.domain}`],
    clusterIssuer: global.tls.issuer,
    namespace: global.ingress.controllerNamespace,
  });
}
