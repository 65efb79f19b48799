/** Public endpoints: TLS everywhere, and Let's Encrypt's weekly limit in view. */
import { registeredDomain } from '../../../constructs/index.js';
import type { FleetRule, UnitRule, UnitSummary } from '../rule.js';
import type { CheckUnit } from '../context.js';

interface IngressSpec { rules?: { host?: string }[]; tls?: { hosts?: string[]; secretName?: string }[] }

export const ingressTlsRule: UnitRule = {
  id: 'ingress/tls',
  scope: 'unit',
  severity: 'error',
  title: 'every public host is served over TLS',
  hint: 'list the host under spec.tls (with a certificate Secret, or without one to use the controller\'s default certificate)',
  check(unit, report) {
    for (const ingress of unit.ofKind('Ingress')) {
      const spec = (ingress.object as unknown as { spec?: IngressSpec }).spec ?? {};
      const covered = new Set((spec.tls ?? []).flatMap((tls) => tls.hosts ?? []));
      (spec.rules ?? []).forEach((rule, index) => {
        if (!rule.host) report(ingress, `rule ${index} has no host: it answers every host name, without TLS`, { path: `spec.rules[${index}]` });
        else if (!covered.has(rule.host)) report(ingress, `host "${rule.host}" has no TLS`, { path: `spec.rules[${index}].host` });
      });
    }
  },
};

/** The certificates this unit asks for, as host lists: Certificates, and Ingresses served by cert-manager's ingress-shim. */
export function requestedCertificates(unit: CheckUnit): string[][] {
  const fromCertificates = unit.ofKind('Certificate').map(({ object }) => (object as unknown as { spec?: { dnsNames?: string[] } }).spec?.dnsNames ?? []);
  const fromIngresses = unit.ofKind('Ingress').flatMap(({ object }) => {
    const annotations = object.metadata.annotations ?? {};
    if (!annotations['cert-manager.io/cluster-issuer'] && !annotations['cert-manager.io/issuer']) return [];
    return ((object as unknown as { spec?: IngressSpec }).spec?.tls ?? []).map((tls) => tls.hosts ?? []);
  });
  return [...fromCertificates, ...fromIngresses].filter((hosts) => hosts.length > 0);
}

/** Let's Encrypt: 50 new certificates per registered domain per week. */
export const LETS_ENCRYPT_WEEKLY_LIMIT = 50;

export const certificateRateRule: FleetRule = {
  id: 'certificates/rate-limit',
  scope: 'fleet',
  severity: 'warning',
  title: `a plan issues at most ${LETS_ENCRYPT_WEEKLY_LIMIT} new certificates per registered domain (Let's Encrypt's weekly limit)`,
  hint: 'serve tenant subdomains from the wildcard certificate (global.tls.tenantSubdomains: wildcard) or onboard in smaller waves',
  check(summaries: readonly UnitSummary[], report) {
    const perDomain = new Map<string, number>();
    for (const summary of summaries) {
      for (const hosts of summary.certificates) {
        // One certificate counts once per registered domain it names.
        for (const domain of new Set(hosts.map(registeredDomain))) perDomain.set(domain, (perDomain.get(domain) ?? 0) + 1);
      }
    }
    for (const [domain, count] of [...perDomain].sort()) {
      if (count > LETS_ENCRYPT_WEEKLY_LIMIT) {
        report({
          object: { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', name: `*.${domain}` },
          message: `${count} certificates for ${domain}; Let's Encrypt issues ${LETS_ENCRYPT_WEEKLY_LIMIT} per registered domain per week, so a first rollout takes ${Math.ceil(count / LETS_ENCRYPT_WEEKLY_LIMIT)} weeks`,
        });
      }
    }
  },
};

export const freeTierCapacityRule: FleetRule = {
  id: 'free-tier/max-tenants',
  scope: 'fleet',
  severity: 'error',
  title: 'the shared free tier serves no more tenants than maxTenants',
  hint: 'raise freeTier.maxTenants or give tenants a dedicated placement',
  check(summaries, report) {
    for (const { freeTier } of summaries) {
      if (freeTier && freeTier.tenants > freeTier.maxTenants) {
        report({ object: { apiVersion: 'v1', kind: 'Namespace', name: freeTier.object.object.metadata.name }, file: freeTier.object.file, message: `${freeTier.tenants} tenants on a free tier with maxTenants ${freeTier.maxTenants}` });
      }
    }
  },
};
