/**
 * The platform file: one YAML document describing a whole fleet. Every
 * section is optional and every object is strict, so a misspelled key is an
 * error instead of a silently ignored setting.
 */
import { z } from 'zod';
import {
  cron, dnsLabel, domainName, email, imageTag, isoDate, pinnedImage, quantity, resources, retention,
} from './fields.js';

export const TIERS = ['demo', 'free', 'professional', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

const tier = z.enum(TIERS).meta({ description: 'demo and free share the free tier unless placed dedicated; professional and enterprise are dedicated.' });

const secretKeyRef = z.strictObject({
  name: dnsLabel.meta({ description: 'Secret name in the namespace that uses it.' }),
  key: z.string().min(1),
});

const images = z.strictObject({
  registry: z.string().default('ghcr.io/your-org').meta({ description: 'Registry and organisation of the MechanicBuddy images.' }),
  tag: imageTag.default('v1.0.0').meta({ description: 'Tag of every MechanicBuddy image unless overridden.', examples: ['v1.0.0'] }),
  api: pinnedImage.optional().meta({ description: 'Full API image; default {registry}/mechanicbuddy-api:{tag}.' }),
  web: pinnedImage.optional().meta({ description: 'Full web image; default {registry}/mechanicbuddy-web:{tag}.' }),
  migration: pinnedImage.optional().meta({ description: 'Tenant database migration image; default {registry}/mechanicbuddy-dbup:{tag}.' }),
  managementApi: pinnedImage.optional(),
  managementPortal: pinnedImage.optional(),
  managementMigration: pinnedImage.optional(),
  postgres: pinnedImage.default('ghcr.io/cloudnative-pg/postgresql:17.6-standard-trixie').meta({ description: 'CloudNativePG operand image (tag starts with the PostgreSQL major).' }),
});

const ingress = z.strictObject({
  className: dnsLabel.default('nginx').meta({ description: 'IngressClass of every public Ingress.' }),
  controllerNamespace: dnsLabel.default('ingress-nginx').meta({ description: 'Namespace of the ingress controller pods (NetworkPolicy allowance).' }),
  controllerPodLabels: z.record(z.string(), z.string()).default({ 'app.kubernetes.io/name': 'ingress-nginx' }),
  externalDns: z.boolean().default(false).meta({ description: 'Annotate public Ingresses for external-dns.' }),
});

const tls = z.strictObject({
  issuer: dnsLabel.default('letsencrypt-prod').meta({ description: 'Name of the ACME ClusterIssuer.' }),
  acmeEmail: email.default('ops@mechanicbuddy.app'),
  acmeServer: z.url().default('https://acme-v02.api.letsencrypt.org/directory'),
  dns01: z.strictObject({
    cloudflareApiToken: secretKeyRef.default({ name: 'cloudflare-api-token', key: 'api-token' }),
  }).prefault({}).meta({ description: 'DNS-01 solver for the platform domain (the only way to get *.{domain}).' }),
  tenantSubdomains: z.enum(['certificate-per-tenant', 'wildcard']).default('certificate-per-tenant').meta({
    description: 'certificate-per-tenant: Certificate {id}-tls for {id}.{domain}; wildcard: serve tenant subdomains from the ingress controller\'s default (wildcard) certificate, which avoids Let\'s Encrypt\'s 50 certificates per week limit.',
  }),
});

const backups = z.strictObject({
  destinationPath: z.string().regex(/^(s3|gs|https?):\/\/\S+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an object store URL (s3://bucket/path)` })
    .default('s3://mechanicbuddy-backups').meta({ description: 'Barman Cloud destination; each cluster writes under {destinationPath}/{namespace}/.' }),
  endpointURL: z.url().optional().meta({ description: 'S3-compatible endpoint (MinIO and the like).' }),
  credentialsSecret: dnsLabel.default('backup-credentials').meta({ description: 'Secret with ACCESS_KEY_ID and ACCESS_SECRET_KEY in each namespace that backs up.' }),
});

const global = z.strictObject({
  domain: domainName.default('mechanicbuddy.app').meta({ description: 'Platform domain: portal at {domain}, API at api.{domain}, tenants at {id}.{domain}.' }),
  storageClass: dnsLabel.default('local-path').meta({ description: 'StorageClass of database volumes.' }),
  ingress: ingress.prefault({}),
  tls: tls.prefault({}),
  backups: backups.prefault({}),
  images: images.prefault({}),
  cnpgOperatorNamespace: dnsLabel.default('cnpg-system'),
  monitoring: z.strictObject({ podMonitors: z.boolean().default(false).meta({ description: 'Synthesize PodMonitors for the databases (Prometheus Operator).' }) }).prefault({}),
  demoTrialDays: z.number().int().min(1).max(90).default(7),
  gitops: z.strictObject({
    repoURL: z.url().default('https://github.com/your-org/mechanicbuddy'),
    targetRevision: z.string().min(1).default('main'),
    path: z.string().min(1).default('dist').meta({ description: 'Where dist/ lives in the repository.' }),
    argocdNamespace: dnsLabel.default('argocd'),
  }).prefault({}),
});

const autoscaling = z.strictObject({
  minReplicas: z.number().int().min(1).default(2),
  maxReplicas: z.number().int().min(1).max(100).default(10),
  cpuUtilization: z.number().int().min(1).max(100).default(70),
  memoryUtilization: z.number().int().min(1).max(100).default(80),
});

const workloadOverride = z.strictObject({
  replicas: z.number().int().min(1).max(50).optional(),
  resources: resources.optional(),
});

const databaseOverride = z.strictObject({
  instances: z.number().int().min(1).max(9).optional(),
  storage: quantity.optional(),
  resources: resources.optional(),
});

const backupSchedule = z.strictObject({
  schedule: cron(6).optional().meta({ description: 'Six-field cron, seconds first (CNPG ScheduledBackup).', examples: ['0 0 2 * * *'] }),
  retention: retention.optional(),
});

export const tenantSchema = z.strictObject({
  id: dnsLabel.meta({ description: 'Tenant id: namespace tenant-{id}, host {id}.{domain}.', examples: ['acme'] }),
  name: z.string().min(1).max(200).meta({ description: 'Display name.', examples: ['ACME Auto Repair'] }),
  tier,
  placement: z.enum(['shared', 'dedicated']).optional().meta({ description: 'shared = the free-tier deployment; dedicated = namespace tenant-{id}. Default: shared for free and demo, dedicated for paid tiers.' }),
  ownerEmail: email.optional(),
  customDomains: z.array(domainName).default([]).meta({ description: 'Extra hosts served by a dedicated tenant (HTTP-01 certificates).' }),
  imageTag: imageTag.optional().meta({ description: 'Overrides global.images.tag for this tenant.' }),
  createdAt: isoDate.optional().meta({ description: 'Start of a demo trial; the expiry is createdAt + global.demoTrialDays.' }),
  stripeCustomerId: z.string().regex(/^cus_[A-Za-z0-9]+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a Stripe customer id (cus_...)` }).optional(),
  api: workloadOverride.optional(),
  web: workloadOverride.optional(),
  database: databaseOverride.optional(),
  backup: backupSchedule.optional(),
});

const managedWorkload = z.strictObject({
  replicas: z.number().int().min(1).max(50).default(2),
  resources: resources.optional(),
});

const system = z.strictObject({
  enabled: z.boolean().default(true),
  managementApi: managedWorkload.prefault({}),
  managementPortal: managedWorkload.prefault({}),
  database: z.strictObject({
    instances: z.number().int().min(1).max(9).default(2),
    storage: quantity.default('100Gi'),
    resources: resources.optional(),
    backup: backupSchedule.prefault({}),
  }).prefault({}),
  email: z.strictObject({
    fromEmail: email.default('noreply@mechanicbuddy.app'),
    smtpHost: z.string().min(1).default('smtp.resend.com'),
    smtpPort: z.number().int().min(1).max(65535).default(587),
  }).prefault({}),
  superAdminEmail: email.default('admin@mechanicbuddy.app'),
});

const freeTierWorkload = z.strictObject({
  resources: resources.optional(),
  autoscaling: autoscaling.prefault({}),
});

const freeTier = z.strictObject({
  enabled: z.boolean().default(true),
  maxTenants: z.number().int().min(1).max(10000).default(100).meta({ description: 'Tenants one free-tier deployment serves (seed 001: 100).' }),
  api: freeTierWorkload.prefault({}),
  web: freeTierWorkload.prefault({}),
  argocd: z.boolean().default(true).meta({ description: 'Synthesize the Argo CD Application mechanicbuddy-free-tier.' }),
});

const pvcSize = z.strictObject({ pvcSize: quantity.meta({ examples: ['20Gi'] }) });

export const BRICK_APPS = ['suitecrm', 'seeddms', 'owncloud'] as const;
export type BrickAppName = (typeof BRICK_APPS)[number];

export const brickSchema = z.strictObject({
  customer: dnsLabel.meta({ description: 'Customer id; the brick runs in namespace {customer}-{app}.', examples: ['acme'] }),
  app: z.enum(BRICK_APPS),
  state: z.enum(['running', 'paused']).default('running').meta({ description: 'paused: every workload at 0 replicas, CronJobs suspended, the Ingress removed; volumes and Secrets kept.' }),
  host: domainName.optional().meta({ description: 'Overrides bricks.hostPattern for this brick.' }),
  crm: pvcSize.optional().meta({ description: 'SuiteCRM data volume (default bricks.defaults.crm.pvcSize).' }),
  ged: pvcSize.optional().meta({ description: 'SeedDMS / OwnCloud documents volume (default bricks.defaults.ged.pvcSize).' }),
  backup: pvcSize.optional().meta({ description: 'Backup volume (default bricks.defaults.backup.pvcSize).' }),
  database: pvcSize.optional().meta({ description: 'MariaDB volume (default bricks.defaults.database.pvcSize).' }),
});

const bricks = z.strictObject({
  domain: domainName.default('bricks.monacocloud.io').meta({ description: 'Domain of brick hosts.' }),
  hostPattern: z.string().regex(/^(\{customer\}|\{app\}|\{domain\}|[a-z0-9.-])+$/, { error: (issue) => `${JSON.stringify(issue.input)} may use only {customer}, {app}, {domain}, lowercase letters, digits, "-" and "."` })
    .default('{customer}-{app}.{domain}'),
  storageClass: dnsLabel.optional().meta({ description: 'StorageClass of brick volumes; default global.storageClass.' }),
  defaults: z.strictObject({
    crm: pvcSize.default({ pvcSize: '10Gi' }),
    ged: pvcSize.default({ pvcSize: '20Gi' }),
    backup: pvcSize.default({ pvcSize: '20Gi' }),
    database: pvcSize.default({ pvcSize: '5Gi' }),
  }).prefault({}),
  backupSchedule: cron(5).default('30 2 * * *').meta({ description: 'Five-field cron of the nightly backup CronJob.' }),
  images: z.strictObject({
    suitecrm: pinnedImage.optional(), seeddms: pinnedImage.optional(), owncloud: pinnedImage.optional(), mariadb: pinnedImage.optional(), redis: pinnedImage.optional(),
  }).prefault({}),
  gitops: z.strictObject({
    flux: z.strictObject({
      enabled: z.boolean().default(true),
      url: z.url().default('https://github.com/your-org/monacocloud-bricks'),
      branch: z.string().min(1).default('main'),
      secretName: dnsLabel.optional().meta({ description: 'Git credentials Secret in flux-system.' }),
      namespace: dnsLabel.default('flux-system'),
    }).prefault({}),
    argocd: z.boolean().default(false).meta({ description: 'Also synthesize an Argo CD Application for the bricks folder.' }),
  }).prefault({}),
  instances: z.array(brickSchema).default([]),
});

const helpManager = z.strictObject({
  enabled: z.boolean().default(true),
  image: pinnedImage.default('helperiance/helperiance-manager:1.0.9'),
  replicas: z.number().int().min(0).max(3).default(1),
  resources: resources.optional(),
  config: z.strictObject({
    mailHost: z.string().min(1).default('smtp.monacocloud.io'),
    mailPort: z.number().int().min(1).max(65535).default(587),
    mailFrom: email.default('noreply@monacocloud.io'),
    dnsApiUrl: z.url().default('https://api.cloudflare.com/client/v4'),
    memberpressUrl: z.url().default('https://monacocloud.io/wp-json/mp/v1'),
    gitRepository: z.url().default('https://github.com/your-org/monacocloud-bricks'),
    gitBranch: z.string().min(1).default('main'),
  }).prefault({}),
  cassandra: z.strictObject({
    image: pinnedImage.default('helperiance/cassandra:5.0.0'),
    storage: quantity.default('20Gi'),
    storageClass: dnsLabel.default('nfs-csi').meta({ description: 'The NFS StorageClass of cassandra-pvc (seed 000); Pod Security restricted forbids inline nfs volumes.' }),
    maxHeapSize: z.string().regex(/^\d+[MG]$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a JVM heap size such as 512M or 1G` }).default('1G'),
    resources: resources.optional(),
  }).prefault({}),
  podRecycler: z.strictObject({
    schedule: cron(5).default('0 0 * * *'),
    image: pinnedImage.default('registry.k8s.io/kubectl:v1.31.4'),
  }).prefault({}),
  podMonitor: z.boolean().default(false),
});

const customerSchema = z.strictObject({
  id: dnsLabel.meta({ description: 'Customer id: namespace customer-{id}, host {id}.{customers.domain}.', examples: ['abc123'] }),
  email: email,
  companyName: z.string().min(1).max(200),
  state: z.enum(['running', 'paused']).default('running'),
});

const customers = z.strictObject({
  domain: domainName.default('iotistic.cloud').meta({ description: 'Base domain of customer hosts (seed 002 domain.base).' }),
  storageClass: dnsLabel.default('standard'),
  postgresStorage: quantity.default('10Gi'),
  images: z.strictObject({
    postgres: pinnedImage.default('postgres:15.10-alpine'),
    mosquitto: pinnedImage.default('eclipse-mosquitto:2.0.22'),
    api: pinnedImage.default('iotistic/api:1.0.0'),
    dashboard: pinnedImage.default('iotistic/dashboard:1.0.0'),
    exporter: pinnedImage.default('iotistic/billing-exporter:1.0.0'),
  }).prefault({}),
  instances: z.array(customerSchema).default([]),
});

export const platformSchema = z.strictObject({
  global: global.prefault({}),
  system: system.prefault({}),
  freeTier: freeTier.prefault({}),
  tenants: z.array(tenantSchema).default([]),
  helpManager: helpManager.optional().meta({ description: 'The HelpManager (seed 000), namespace helperiance-manager; absent = not deployed.' }),
  bricks: bricks.optional().meta({ description: 'Marketplace bricks (SuiteCRM, SeedDMS, OwnCloud), one namespace {customer}-{app} each.' }),
  customers: customers.optional().meta({ description: 'Iotistic IoT customer instances (seed 002), one namespace customer-{id} each.' }),
}).meta({
  title: 'saas-charts platform file',
  description: 'Describes a MechanicBuddy fleet: global settings, the management system, the shared free tier and the tenants.',
});

export type PlatformInput = z.input<typeof platformSchema>;
export type Platform = z.output<typeof platformSchema>;
export type TenantConfig = z.output<typeof tenantSchema>;
export type TenantInput = z.input<typeof tenantSchema>;
export type GlobalSettings = Platform['global'];
export type HelpManagerSettings = NonNullable<Platform['helpManager']>;
export type BricksSettings = NonNullable<Platform['bricks']>;
export type BrickConfig = z.output<typeof brickSchema>;
export type CustomersSettings = NonNullable<Platform['customers']>;
export type CustomerConfig = z.output<typeof customerSchema>;
