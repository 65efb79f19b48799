/**
 * A dedicated tenant (seed 001 mechanicbuddy-tenant, seed 003's provisioning):
 * namespace `tenant-{id}` with its own CNPG cluster, migration Job, `api` and
 * `web`, a Certificate `{id}-tls` and an Ingress for `{id}.{domain}` plus the
 * tenant's custom domains.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  DeclaredSecret, MigrationJob, NetworkAllowance, PostgresCluster, PublicIngress, TenantNamespace, TlsCertificate, WebService, type TlsGroup,
} from '../../constructs/index.js';
import { tenantCertificate } from '../platform/naming.js';
import { planTenant, type TenantPlan } from '../platform/plan.js';
import type { Platform, TenantConfig } from '../platform/schema.js';
import {
  API_HEALTH, API_PORT, DOTNET_USER, NEXTJS_USER, WEB_HEALTH, WEB_PORT, chartLabels, databaseEnv, env, identity, ingressController,
} from './identity.js';

export interface TenantChartProps {
  readonly platform: Platform;
  /** A tenant of `platform.tenants` with a dedicated placement. */
  readonly tenant: TenantConfig;
}

/** Secret with the tenant's generated application keys (JWT, cookie and session secrets). */
export const TENANT_APP_SECRET = 'tenant-secrets';
/** Secret with the platform's e-mail API key, supplied per namespace. */
export const EMAIL_SECRET = 'email-credentials';

export class TenantChart extends Chart {
  readonly plan: TenantPlan;

  constructor(scope: Construct, id: string, props: TenantChartProps) {
    const plan = planTenant(props.platform, props.tenant);
    super(scope, id, { namespace: plan.namespace, disableResourceNameHashes: true, labels: chartLabels(plan.namespace) });
    this.plan = plan;
    const { global } = props.platform;
    const controller = ingressController(global);
    const perTenantCertificate = global.tls.tenantSubdomains === 'certificate-per-tenant';

    new TenantNamespace(this, 'Namespace', {
      name: plan.namespace,
      labels: {
        ...chartLabels(plan.namespace),
        'mechanicbuddy.app/namespace-type': 'tenant',
        'mechanicbuddy.app/tenant-id': plan.id,
        'mechanicbuddy.app/tier': plan.tier,
      },
      annotations: tenantAnnotations(plan),
      podSecurity: 'restricted',
      quotaHeadroom: { acmeSolvers: plan.customDomains.length },
      allowances: [
        NetworkAllowance.dns(),
        NetworkAllowance.sameNamespace(),
        NetworkAllowance.fromIngressController(controller, ['api', 'web'], [API_PORT, WEB_PORT]),
        NetworkAllowance.acmeHttp01Solver(controller),
        NetworkAllowance.cloudNativePg(plan.database.name, global.cnpgOperatorNamespace),
        NetworkAllowance.egressToPorts('allow-api-egress-smtp-https', { matchLabels: { 'app.kubernetes.io/component': 'api' } }, [443, 587]),
      ],
    });

    const appSecret = new DeclaredSecret(this, 'AppSecret', {
      name: TENANT_APP_SECRET,
      namespace: plan.namespace,
      keys: [
        { key: 'jwt-secret', source: 'generated', bytes: 64, description: 'Signs the API\'s JWTs' },
        { key: 'consumer-secret', source: 'generated', description: 'Shared secret between web and API' },
        { key: 'session-secret', source: 'generated', description: 'Encrypts web sessions' },
      ],
    });
    const emailSecret = new DeclaredSecret(this, 'EmailSecret', {
      name: EMAIL_SECRET,
      namespace: plan.namespace,
      keys: [{ key: 'api-key', source: 'supplied', description: 'Resend (SMTP) API key' }],
    });

    const database = new PostgresCluster(this, 'Database', {
      name: plan.database.name,
      identity: identity('postgresql', 'database', plan.namespace),
      instances: plan.database.instances,
      imageName: plan.images.postgres,
      storage: { size: plan.database.storage, storageClass: global.storageClass },
      resources: plan.database.resources,
      database: 'mechanicbuddy',
      podMonitor: global.monitoring.podMonitors,
      backup: plan.database.backup && {
        ...plan.database.backup,
        objectStore: {
          destinationPath: `${global.backups.destinationPath.replace(/\/+$/, '')}/${plan.namespace}/`,
          endpointURL: global.backups.endpointURL,
          credentialsSecret: global.backups.credentialsSecret,
        },
      },
    });

    const dbEnv = databaseEnv(database.appSecretName);
    new MigrationJob(this, 'Migration', {
      name: 'db-migration',
      identity: identity('mechanicbuddy-dbup', 'migration', plan.namespace, plan.imageTag),
      image: plan.images.migration,
      env: dbEnv,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      waitForDatabase: { image: plan.images.postgres, hostEnv: 'DB_HOST' },
      podIdentity: DOTNET_USER,
    });

    const api = new WebService(this, 'Api', {
      name: 'api',
      identity: identity('mechanicbuddy-api', 'api', plan.namespace, plan.imageTag),
      image: plan.images.api,
      port: API_PORT,
      replicas: plan.api.replicas,
      resources: plan.api.resources,
      health: API_HEALTH,
      podIdentity: DOTNET_USER,
      env: [
        env('ASPNETCORE_URLS', `http://+:${API_PORT}`),
        env('ASPNETCORE_ENVIRONMENT', 'Production'),
        env('MultiTenancy__Enabled', 'false'),
        env('Tenant__Id', plan.id),
        env('Tenant__Tier', plan.tier),
        env('Cors__AppHost', `https://${plan.host}`),
        ...dbEnv,
        appSecret.envVar('JwtOptions__Secret', 'jwt-secret'),
        appSecret.envVar('JwtOptions__ConsumerSecret', 'consumer-secret'),
        env('SmtpOptions__Host', props.platform.system.email.smtpHost),
        env('SmtpOptions__Port', String(props.platform.system.email.smtpPort)),
        env('SmtpOptions__From', props.platform.system.email.fromEmail),
        emailSecret.envVar('SmtpOptions__Password', 'api-key'),
      ],
    });

    const web = new WebService(this, 'Web', {
      name: 'web',
      identity: identity('mechanicbuddy-web', 'web', plan.namespace, plan.imageTag),
      image: plan.images.web,
      port: WEB_PORT,
      replicas: plan.web.replicas,
      resources: plan.web.resources,
      health: WEB_HEALTH,
      podIdentity: NEXTJS_USER,
      writablePaths: ['/tmp', '/app/.next/cache'],
      env: [
        env('PORT', String(WEB_PORT)),
        env('HOSTNAME', '0.0.0.0'),
        env('API_URL', api.url),
        env('NEXT_PUBLIC_API_URL', `https://${plan.host}/api`),
        env('NEXT_PUBLIC_SESSION_TIMEOUT', '1500'),
        appSecret.envVar('SERVER_SECRET', 'consumer-secret'),
        appSecret.envVar('SESSION_SECRET', 'session-secret'),
      ],
    });

    const certificateHosts = [...(perTenantCertificate ? [plan.host] : []), ...plan.customDomains];
    const tls: TlsGroup[] = [];
    if (!perTenantCertificate) tls.push({ hosts: [plan.host] });
    if (certificateHosts.length > 0) {
      const certificate = new TlsCertificate(this, 'Certificate', {
        name: tenantCertificate(plan.id),
        dnsNames: certificateHosts,
        clusterIssuer: global.tls.issuer,
      });
      tls.push({ hosts: certificateHosts, secretName: certificate.secretName });
    }

    new PublicIngress(this, 'Ingress', {
      name: 'mechanicbuddy',
      className: global.ingress.className,
      hosts: [plan.host, ...plan.customDomains],
      paths: [
        { path: '/', serviceName: web.name, servicePort: web.servicePort },
        { path: '/api', serviceName: api.name, servicePort: api.servicePort },
      ],
      tls,
      externalDns: global.ingress.externalDns,
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '20m' },
    });
  }
}

function tenantAnnotations(plan: TenantPlan): Record<string, string> {
  const annotations: Record<string, string> = { 'mechanicbuddy.app/tenant-name': plan.name };
  if (plan.expiresAt) annotations['mechanicbuddy.app/expires-at'] = plan.expiresAt;
  if (plan.stripeCustomerId) annotations['mechanicbuddy.app/stripe-customer-id'] = plan.stripeCustomerId;
  return annotations;
}
