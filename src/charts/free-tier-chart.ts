/**
 * The shared free tier (seed 001 mechanicbuddy-free-tier, seed 004): namespace
 * `mechanicbuddy-free-tier` with `free-tier-api` and `free-tier-web`, both
 * autoscaled 2..10 without `spec.replicas`, served on `*.{domain}` from the
 * wildcard certificate. Tenants live in schemas of the system database; the
 * tenant comes from the Host header, never from a client-sent X-Tenant-ID.
 * With several shards (freeTier.shards), each shard is one such chart in its
 * own namespace and its Ingress routes exactly its tenants' hosts.
 */
import { PlatformChart } from './platform-chart.js';
import type { Construct } from 'constructs';
import { DeclaredSecret, NetworkAllowance, PublicIngress, TenantNamespace, TlsCertificate } from '../../constructs/index.js';
import { SYSTEM_DATABASE, SYSTEM_NAMESPACE } from '../platform/naming.js';
import { tenantImages } from '../platform/plan.js';
import { freeTierShards, shardsRouteExactHosts } from '../platform/shards.js';
import type { Platform } from '../platform/schema.js';
import { FREE_TIER_RESOURCES } from '../platform/tiers.js';
import { API_PORT, WEB_PORT, chartLabels, databaseEnv, env, ingressController } from './identity.js';
import { MechanicBuddyApp } from './mechanicbuddy-app.js';

export interface FreeTierChartProps {
  readonly platform: Platform;
  /** Which shard this chart is, 1 to freeTier.shards. @default 1 (namespace mechanicbuddy-free-tier) */
  readonly shard?: number;
}

/** Credentials of the free tier's role in the system database (copied or replicated from mechanicbuddy-system). */
export const FREE_TIER_DATABASE_SECRET = 'free-tier-database';
export const FREE_TIER_APP_SECRET = 'free-tier-secrets';
export const WILDCARD_CERTIFICATE = 'mechanicbuddy-wildcard';

export class FreeTierChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: FreeTierChartProps) {
    const shard = freeTierShards(props.platform)[(props.shard ?? 1) - 1];
    if (!shard) throw new Error(`free-tier shard ${props.shard} is not one of 1 to ${props.platform.freeTier.shards} (freeTier.shards)`);
    const namespace = shard.namespace;
    super(scope, id, { namespace, labels: chartLabels(namespace) });
    const { global, freeTier } = props.platform;
    const images = tenantImages(global);
    const controller = ingressController(global);
    const tag = global.images.tag;

    new TenantNamespace(this, 'Namespace', {
      name: namespace,
      labels: {
        ...chartLabels(namespace),
        'mechanicbuddy.app/namespace-type': 'free-tier',
        'mechanicbuddy.app/tenants': String(shard.tenants.length),
      },
      podSecurity: 'restricted',
      allowances: [
        NetworkAllowance.dns(),
        NetworkAllowance.sameNamespace(),
        NetworkAllowance.fromIngressController(controller, ['api', 'web'], [API_PORT, WEB_PORT]),
        NetworkAllowance.toNamespace('allow-system-database', { matchLabels: { 'app.kubernetes.io/component': 'api' } },
          { namespace: SYSTEM_NAMESPACE, podLabels: { 'cnpg.io/cluster': SYSTEM_DATABASE } }, [5432]),
        NetworkAllowance.egressToPorts('allow-api-egress-smtp-https', { matchLabels: { 'app.kubernetes.io/component': 'api' } }, [443, 587]),
      ],
    });

    new DeclaredSecret(this, 'DatabaseSecret', {
      name: FREE_TIER_DATABASE_SECRET,
      namespace,
      keys: [
        { key: 'dbname', source: 'supplied', description: `Database in ${SYSTEM_DATABASE} holding the tenant schemas` },
        { key: 'username', source: 'supplied', description: 'Role of the free tier in the system database' },
        { key: 'password', source: 'supplied', description: 'Password of that role' },
      ],
    });
    const { api, web } = new MechanicBuddyApp(this, 'App', {
      platform: props.platform,
      namespace,
      version: tag,
      names: { api: 'free-tier-api', web: 'free-tier-web' },
      images,
      api: { autoscaling: freeTier.api.autoscaling, resources: freeTier.api.resources ?? FREE_TIER_RESOURCES.api },
      web: { autoscaling: freeTier.web.autoscaling, resources: freeTier.web.resources ?? FREE_TIER_RESOURCES.web },
      secretName: FREE_TIER_APP_SECRET,
      publicApiUrl: '/api',
      apiEnv: [
        env('MultiTenancy__Enabled', 'true'),
        env('MultiTenancy__MaxTenants', String(freeTier.maxTenants)),
        // The tenant is the left-most label of the Host header; X-Tenant-ID from clients is ignored.
        env('MultiTenancy__TenantResolution', 'Host'),
        env('MultiTenancy__BaseDomain', global.domain),
        env('Cors__AppHost', `https://*.${global.domain}`),
        ...databaseEnv(FREE_TIER_DATABASE_SECRET, `${SYSTEM_DATABASE}-rw.${SYSTEM_NAMESPACE}.svc.cluster.local`),
      ],
    });

    const certificate = new TlsCertificate(this, 'Certificate', {
      name: WILDCARD_CERTIFICATE,
      secretName: `${WILDCARD_CERTIFICATE}-tls`,
      dnsNames: [global.domain, `*.${global.domain}`],
      clusterIssuer: global.tls.issuer,
    });

    // Several shards: each routes exactly its tenants' hosts (none yet: no Ingress); one shard keeps the wildcard.
    const hosts = shardsRouteExactHosts(props.platform) ? shard.tenants.map((tenant) => `${tenant.id}.${global.domain}`) : [`*.${global.domain}`];
    if (hosts.length === 0) return;
    new PublicIngress(this, 'Ingress', {
      name: 'free-tier',
      className: global.ingress.className,
      hosts,
      paths: [
        { path: '/', serviceName: web.name, servicePort: web.servicePort },
        { path: '/api', serviceName: api.name, servicePort: api.servicePort },
      ],
      tls: [{ hosts, secretName: certificate.secretName }],
      annotations: {
        'nginx.ingress.kubernetes.io/proxy-body-size': '20m',
        'nginx.ingress.kubernetes.io/limit-rps': '20',
        'nginx.ingress.kubernetes.io/limit-burst-multiplier': '5',
      },
    });
  }
}
