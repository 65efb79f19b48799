/**
 * The shared free tier (seed 001 mechanicbuddy-free-tier, seed 004): namespace
 * `mechanicbuddy-free-tier` with `free-tier-api` and `free-tier-web`, both
 * autoscaled 2..10 without `spec.replicas`, served on `*.{domain}` from the
 * wildcard certificate. Tenants live in schemas of the system database; the
 * tenant comes from the Host header, never from a client-sent X-Tenant-ID.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { DeclaredSecret, NetworkAllowance, PublicIngress, TenantNamespace, TlsCertificate, WebService } from '../../constructs/index.js';
import { FREE_TIER_NAMESPACE, SYSTEM_DATABASE, SYSTEM_NAMESPACE } from '../platform/naming.js';
import { sharedTenants, tenantImages } from '../platform/plan.js';
import type { Platform } from '../platform/schema.js';
import { FREE_TIER_RESOURCES } from '../platform/tiers.js';
import { API_HEALTH, API_PORT, DOTNET_USER, NEXTJS_USER, WEB_HEALTH, WEB_PORT, chartLabels, databaseEnv, env, identity, ingressController } from './identity.js';
import { EMAIL_SECRET } from './tenant-chart.js';

export interface FreeTierChartProps {
  readonly platform: Platform;
}

/** Credentials of the free tier's role in the system database (copied or replicated from mechanicbuddy-system). */
export const FREE_TIER_DATABASE_SECRET = 'free-tier-database';
export const FREE_TIER_APP_SECRET = 'free-tier-secrets';
export const WILDCARD_CERTIFICATE = 'mechanicbuddy-wildcard';

export class FreeTierChart extends Chart {
  constructor(scope: Construct, id: string, props: FreeTierChartProps) {
    super(scope, id, { namespace: FREE_TIER_NAMESPACE, disableResourceNameHashes: true, labels: chartLabels(FREE_TIER_NAMESPACE) });
    const { global, freeTier } = props.platform;
    const images = tenantImages(global);
    const controller = ingressController(global);
    const tag = global.images.tag;

    new TenantNamespace(this, 'Namespace', {
      name: FREE_TIER_NAMESPACE,
      labels: {
        ...chartLabels(FREE_TIER_NAMESPACE),
        'mechanicbuddy.app/namespace-type': 'free-tier',
        'mechanicbuddy.app/tenants': String(sharedTenants(props.platform).length),
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

    const appSecret = new DeclaredSecret(this, 'AppSecret', {
      name: FREE_TIER_APP_SECRET,
      namespace: FREE_TIER_NAMESPACE,
      keys: [
        { key: 'jwt-secret', source: 'generated', bytes: 64, description: 'Signs the shared API\'s JWTs' },
        { key: 'consumer-secret', source: 'generated', description: 'Shared secret between web and API' },
        { key: 'session-secret', source: 'generated', description: 'Encrypts web sessions' },
      ],
    });
    new DeclaredSecret(this, 'DatabaseSecret', {
      name: FREE_TIER_DATABASE_SECRET,
      namespace: FREE_TIER_NAMESPACE,
      keys: [
        { key: 'dbname', source: 'supplied', description: `Database in ${SYSTEM_DATABASE} holding the tenant schemas` },
        { key: 'username', source: 'supplied', description: 'Role of the free tier in the system database' },
        { key: 'password', source: 'supplied', description: 'Password of that role' },
      ],
    });
    const emailSecret = new DeclaredSecret(this, 'EmailSecret', {
      name: EMAIL_SECRET,
      namespace: FREE_TIER_NAMESPACE,
      keys: [{ key: 'api-key', source: 'supplied', description: 'Resend (SMTP) API key' }],
    });

    const api = new WebService(this, 'Api', {
      name: 'free-tier-api',
      identity: identity('mechanicbuddy-api', 'api', FREE_TIER_NAMESPACE, tag),
      image: images.api,
      port: API_PORT,
      autoscaling: freeTier.api.autoscaling,
      resources: freeTier.api.resources ?? FREE_TIER_RESOURCES.api,
      health: API_HEALTH,
      podIdentity: DOTNET_USER,
      env: [
        env('ASPNETCORE_URLS', `http://+:${API_PORT}`),
        env('ASPNETCORE_ENVIRONMENT', 'Production'),
        env('MultiTenancy__Enabled', 'true'),
        env('MultiTenancy__MaxTenants', String(freeTier.maxTenants)),
        // The tenant is the left-most label of the Host header; X-Tenant-ID from clients is ignored.
        env('MultiTenancy__TenantResolution', 'Host'),
        env('MultiTenancy__BaseDomain', global.domain),
        env('Cors__AppHost', `https://*.${global.domain}`),
        ...databaseEnv(FREE_TIER_DATABASE_SECRET, `${SYSTEM_DATABASE}-rw.${SYSTEM_NAMESPACE}.svc.cluster.local`),
        appSecret.envVar('JwtOptions__Secret', 'jwt-secret'),
        appSecret.envVar('JwtOptions__ConsumerSecret', 'consumer-secret'),
        env('SmtpOptions__Host', props.platform.system.email.smtpHost),
        env('SmtpOptions__Port', String(props.platform.system.email.smtpPort)),
        env('SmtpOptions__From', props.platform.system.email.fromEmail),
        emailSecret.envVar('SmtpOptions__Password', 'api-key'),
      ],
    });

    const web = new WebService(this, 'Web', {
      name: 'free-tier-web',
      identity: identity('mechanicbuddy-web', 'web', FREE_TIER_NAMESPACE, tag),
      image: images.web,
      port: WEB_PORT,
      autoscaling: freeTier.web.autoscaling,
      resources: freeTier.web.resources ?? FREE_TIER_RESOURCES.web,
      health: WEB_HEALTH,
      podIdentity: NEXTJS_USER,
      writablePaths: ['/tmp', '/app/.next/cache'],
      env: [
        env('PORT', String(WEB_PORT)),
        env('HOSTNAME', '0.0.0.0'),
        env('API_URL', api.url),
        env('NEXT_PUBLIC_API_URL', '/api'),
        env('NEXT_PUBLIC_SESSION_TIMEOUT', '1500'),
        appSecret.envVar('SERVER_SECRET', 'consumer-secret'),
        appSecret.envVar('SESSION_SECRET', 'session-secret'),
      ],
    });

    const certificate = new TlsCertificate(this, 'Certificate', {
      name: WILDCARD_CERTIFICATE,
      secretName: `${WILDCARD_CERTIFICATE}-tls`,
      dnsNames: [global.domain, `*.${global.domain}`],
      clusterIssuer: global.tls.issuer,
    });

    new PublicIngress(this, 'Ingress', {
      name: 'free-tier',
      className: global.ingress.className,
      hosts: [`*.${global.domain}`],
      paths: [
        { path: '/', serviceName: web.name, servicePort: web.servicePort },
        { path: '/api', serviceName: api.name, servicePort: api.servicePort },
      ],
      tls: [{ hosts: [`*.${global.domain}`], secretName: certificate.secretName }],
      annotations: {
        'nginx.ingress.kubernetes.io/proxy-body-size': '20m',
        'nginx.ingress.kubernetes.io/limit-rps': '20',
        'nginx.ingress.kubernetes.io/limit-burst-multiplier': '5',
      },
    });
  }
}
