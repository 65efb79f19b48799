/**
 * The management system (seed 001 mechanicbuddy-system, seed 004): namespace
 * `mechanicbuddy-system` with `management-api` (provisions tenants from inside
 * the cluster), `management-portal`, the shared CNPG cluster that also holds
 * the free tier's schemas, its migration Job, the ACME ClusterIssuer and the
 * Ingresses for `{domain}` and `api.{domain}`.
 */
import { PlatformChart } from './platform-chart.js';
import type { Construct } from 'constructs';
import {
  ApiAccess, DeclaredSecret, MigrationJob, NetworkAllowance, PostgresCluster, PublicIngress, TenantNamespace, TlsCertificate, WebService,
} from '../../constructs/index.js';
import { FREE_TIER_NAMESPACE, SYSTEM_DATABASE, SYSTEM_NAMESPACE, freeTierNamespace } from '../platform/naming.js';
import { systemImages } from '../platform/plan.js';
import type { Platform } from '../platform/schema.js';
import { SYSTEM_RESOURCES } from '../platform/tiers.js';
import { DOTNET_USER, NEXTJS_USER, chartLabels, databaseEnv, env, identity, ingressController, nextJsEnv } from './identity.js';
import { NEXTJS_WRITABLE_PATHS } from './mechanicbuddy-app.js';
import { tenantProvisioningRules } from './provisioning-rules.js';
import { DemoExpiryJob, demoExpiryEgress } from './demo-expiry-job.js';
import { defaultCertificate, platformIssuer } from './platform-issuer.js';

export interface SystemChartProps {
  readonly platform: Platform;
}

export const MANAGEMENT_API_PORT = 8080;
export const MANAGEMENT_PORTAL_PORT = 3000;
export const MANAGEMENT_SECRET = 'management-secrets';
export const MANAGEMENT_SERVICE_ACCOUNT = 'management-api';
export { DEFAULT_CERTIFICATE } from './platform-issuer.js';

export class SystemChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: SystemChartProps) {
    super(scope, id, { namespace: SYSTEM_NAMESPACE, labels: chartLabels(SYSTEM_NAMESPACE) });
    const { global, system } = props.platform;
    const images = systemImages(global);
    const controller = ingressController(global);
    const apiHost = `api.${global.domain}`;

    new TenantNamespace(this, 'Namespace', {
      name: SYSTEM_NAMESPACE,
      labels: { ...chartLabels(SYSTEM_NAMESPACE), 'mechanicbuddy.app/namespace-type': 'system' },
      podSecurity: 'restricted',
      allowances: [
        NetworkAllowance.dns(),
        NetworkAllowance.sameNamespace(),
        NetworkAllowance.fromIngressController(controller, ['management-api', 'management-portal'], [MANAGEMENT_API_PORT, MANAGEMENT_PORTAL_PORT]),
        NetworkAllowance.cloudNativePg(SYSTEM_DATABASE, global.cnpgOperatorNamespace),
        NetworkAllowance.fromNamespace('allow-free-tier-database', { namespace: FREE_TIER_NAMESPACE, podLabels: { 'app.kubernetes.io/part-of': 'mechanicbuddy' } },
          { matchLabels: { 'cnpg.io/cluster': SYSTEM_DATABASE } }, [5432]),
        // Every further free-tier shard reads its tenants' schemas from the same database.
        ...Array.from({ length: props.platform.freeTier.shards - 1 }, (_, index) => NetworkAllowance.fromNamespace(`allow-free-tier-${index + 2}-database`,
          { namespace: freeTierNamespace(index + 2), podLabels: { 'app.kubernetes.io/part-of': 'mechanicbuddy' } }, { matchLabels: { 'cnpg.io/cluster': SYSTEM_DATABASE } }, [5432])),
        // The Kubernetes API (provisioning), Stripe and the e-mail API over HTTPS, SMTP submission.
        NetworkAllowance.egressToPorts('allow-management-api-egress', { matchLabels: { 'app.kubernetes.io/component': 'management-api' } }, [443, 587, 6443]),
        ...(system.demoExpiryJob.enabled ? [demoExpiryEgress()] : []),
      ],
    });

    const secrets = new DeclaredSecret(this, 'Secrets', {
      name: MANAGEMENT_SECRET,
      namespace: SYSTEM_NAMESPACE,
      keys: [
        { key: 'stripe-publishable-key', source: 'supplied', description: 'Stripe publishable key (pk_live_...)' },
        { key: 'stripe-secret-key', source: 'supplied', description: 'Stripe secret key (sk_live_...)' },
        { key: 'stripe-webhook-secret', source: 'supplied', description: 'Stripe webhook signing secret (whsec_...)' },
        { key: 'email-api-key', source: 'supplied', description: 'Resend API key (re_...)' },
        { key: 'super-admin-password', source: 'generated', bytes: 24, description: 'Initial password of the super admin' },
        { key: 'jwt-secret', source: 'generated', bytes: 64, description: 'Signs the management API\'s JWTs' },
      ],
    });

    const database = new PostgresCluster(this, 'Database', {
      name: SYSTEM_DATABASE,
      identity: identity('postgresql', 'database', SYSTEM_NAMESPACE),
      instances: system.database.instances,
      imageName: global.images.postgres,
      storage: { size: system.database.storage, storageClass: global.storageClass },
      resources: system.database.resources ?? SYSTEM_RESOURCES.database,
      database: 'mechanicbuddy',
      podMonitor: global.monitoring.podMonitors,
      backup: {
        schedule: system.database.backup.schedule ?? SYSTEM_RESOURCES.backup.schedule,
        retention: system.database.backup.retention ?? SYSTEM_RESOURCES.backup.retention,
        objectStore: {
          destinationPath: `${global.backups.destinationPath.replace(/\/+$/, '')}/${SYSTEM_NAMESPACE}/`,
          endpointURL: global.backups.endpointURL,
          credentialsSecret: global.backups.credentialsSecret,
        },
      },
    });
    const dbEnv = databaseEnv(database.appSecretName);

    new MigrationJob(this, 'Migration', {
      name: 'management-db-migration',
      identity: identity('mechanicbuddy-management-dbup', 'migration', SYSTEM_NAMESPACE, global.images.tag),
      image: images.managementMigration,
      env: dbEnv,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      waitForDatabase: { image: global.images.postgres, hostEnv: 'DB_HOST' },
      runAs: DOTNET_USER,
    });

    const access = new ApiAccess(this, 'ProvisioningAccess', {
      name: MANAGEMENT_SERVICE_ACCOUNT,
      namespace: SYSTEM_NAMESPACE,
      rules: tenantProvisioningRules({ demoExpiryGrant: system.demoExpiryJob.enabled }),
      clusterWide: true,
    });

    const api = new WebService(this, 'ManagementApi', {
      name: 'management-api',
      identity: identity('mechanicbuddy-management-api', 'management-api', SYSTEM_NAMESPACE, global.images.tag),
      image: images.managementApi,
      port: MANAGEMENT_API_PORT,
      servicePort: 80,
      replicas: system.managementApi.replicas,
      resources: system.managementApi.resources ?? SYSTEM_RESOURCES.managementApi,
      health: { livenessPath: '/health/live', readinessPath: '/health/ready' },
      runAs: DOTNET_USER,
      serviceAccountName: access.serviceAccountName,
      // Provisions tenants through the Kubernetes API.
      automountServiceAccountToken: true,
      env: [
        env('ASPNETCORE_URLS', `http://+:${MANAGEMENT_API_PORT}`),
        env('ASPNETCORE_ENVIRONMENT', 'Production'),
        env('Platform__Domain', global.domain),
        env('Platform__FreeTierNamespace', FREE_TIER_NAMESPACE),
        env('Platform__MaxFreeTierTenants', String(props.platform.freeTier.maxTenants)),
        ...(props.platform.freeTier.shards > 1 ? [env('Platform__FreeTierShards', String(props.platform.freeTier.shards))] : []),
        env('Cors__AppHost', `https://${global.domain}`),
        ...dbEnv,
        secrets.envVar('JwtOptions__Secret', 'jwt-secret'),
        secrets.envVar('Stripe__PublishableKey', 'stripe-publishable-key'),
        secrets.envVar('Stripe__SecretKey', 'stripe-secret-key'),
        secrets.envVar('Stripe__WebhookSecret', 'stripe-webhook-secret'),
        env('Email__FromEmail', system.email.fromEmail),
        env('Email__SmtpHost', system.email.smtpHost),
        env('Email__SmtpPort', String(system.email.smtpPort)),
        secrets.envVar('Email__ApiKey', 'email-api-key'),
        env('SuperAdmin__InitialEmail', system.superAdminEmail),
        secrets.envVar('SuperAdmin__InitialPassword', 'super-admin-password'),
      ],
    });

    const portal = new WebService(this, 'ManagementPortal', {
      name: 'management-portal',
      identity: identity('mechanicbuddy-management-portal', 'management-portal', SYSTEM_NAMESPACE, global.images.tag),
      image: images.managementPortal,
      port: MANAGEMENT_PORTAL_PORT,
      servicePort: 80,
      replicas: system.managementPortal.replicas,
      resources: system.managementPortal.resources ?? SYSTEM_RESOURCES.managementPortal,
      health: { livenessPath: '/api/health', readinessPath: '/api/health' },
      runAs: NEXTJS_USER,
      writablePaths: NEXTJS_WRITABLE_PATHS,
      env: nextJsEnv(MANAGEMENT_PORTAL_PORT, api.url, `https://${apiHost}`),
    });

    platformIssuer(this, global);

    const certificate = new TlsCertificate(this, 'Certificate', {
      name: 'mechanicbuddy-system-tls',
      dnsNames: [global.domain, apiHost],
      clusterIssuer: global.tls.issuer,
    });
    const ingressDefaults = { className: global.ingress.className, externalDns: global.ingress.externalDns, tls: [{ hosts: [global.domain, apiHost], secretName: certificate.secretName }] };
    new PublicIngress(this, 'PortalIngress', {
      ...ingressDefaults, name: 'management-portal', hosts: [global.domain],
      paths: [{ path: '/', serviceName: portal.name, servicePort: portal.servicePort }],
    });
    new PublicIngress(this, 'ApiIngress', {
      ...ingressDefaults, name: 'management-api', hosts: [apiHost],
      paths: [{ path: '/', serviceName: api.name, servicePort: api.servicePort }],
    });

    if (system.demoExpiryJob.enabled) new DemoExpiryJob(this, 'DemoExpiry', { platform: props.platform, namespace: SYSTEM_NAMESPACE });

    defaultCertificate(this, global);
  }
}
