/**
 * A dedicated tenant (seed 001 mechanicbuddy-tenant, seed 003's provisioning):
 * namespace `tenant-{id}` with its own CNPG cluster, migration Job, `api` and
 * `web`, a Certificate `{id}-tls` and an Ingress for `{id}.{domain}` plus the
 * tenant's custom domains.
 */
import { PlatformChart } from './platform-chart.js';
import type { Construct } from 'constructs';
import { MigrationJob, NetworkAllowance, PostgresCluster, PublicIngress, RoleGrant, TenantNamespace, TlsCertificate, type TlsGroup } from '../../constructs/index.js';
import { tenantCertificate } from '../platform/naming.js';
import { planTenant, type TenantPlan } from '../platform/plan.js';
import type { Platform, TenantConfig } from '../platform/schema.js';
import { demoExpiryGrant } from './demo-expiry-rules.js';
import { API_PORT, DOTNET_USER, WEB_PORT, chartLabels, databaseEnv, env, identity, ingressController } from './identity.js';
import { MechanicBuddyApp } from './mechanicbuddy-app.js';

export interface TenantChartProps {
  readonly platform: Platform;
  /** A tenant of `platform.tenants` with a dedicated placement. */
  readonly tenant: TenantConfig;
}

/** Secret with the tenant's generated application keys (JWT, cookie and session secrets). */
export const TENANT_APP_SECRET = 'tenant-secrets';

export class TenantChart extends PlatformChart {
  readonly plan: TenantPlan;

  constructor(scope: Construct, id: string, props: TenantChartProps) {
    const plan = planTenant(props.platform, props.tenant);
    super(scope, id, { namespace: plan.namespace, labels: chartLabels(plan.namespace) });
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

    // The demo-expiry CronJob of the system namespace may deprovision a demo tenant: its namespaced rights are granted here, in this namespace only.
    if (plan.tier === 'demo' && props.platform.system.demoExpiryJob.enabled) {
      new RoleGrant(this, 'DemoExpiryAccess', demoExpiryGrant(plan.namespace, global.demoExpiredData === 'delete'));
    }

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
      runAs: DOTNET_USER,
    });

    const { api, web } = new MechanicBuddyApp(this, 'App', {
      platform: props.platform,
      namespace: plan.namespace,
      version: plan.imageTag,
      names: { api: 'api', web: 'web' },
      images: plan.images,
      api: plan.api,
      web: plan.web,
      secretName: TENANT_APP_SECRET,
      publicApiUrl: `https://${plan.host}/api`,
      apiEnv: [
        env('MultiTenancy__Enabled', 'false'),
        env('Tenant__Id', plan.id),
        env('Tenant__Tier', plan.tier),
        env('Cors__AppHost', `https://${plan.host}`),
        ...dbEnv,
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
