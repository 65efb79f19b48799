/**
 * The platform file: one YAML document describing a whole fleet. Every
 * section is optional and every object is strict, so a misspelled key is an
 * error instead of a silently ignored setting.
 */
import { z } from 'zod';
import {
  cron, dnsLabel, domainName, email, imageTag, isoDate, pinnedImage, quantityWithExamples, resources, retention,
} from './fields.js';

import { BRICK_APPS, TIERS } from './choices.js';

export { BRICK_APPS, TIERS, type BrickAppName, type Tier } from './choices.js';

const tier = z.enum(TIERS).meta({
  description: 'Commercial tier; picks the presets (replicas, resources, database, backups). demo and free share the free tier unless placed dedicated; professional and enterprise are dedicated.',
});

const secretKeyRef = z.strictObject({
  name: dnsLabel.meta({ description: 'Secret name in the namespace that uses it.', examples: ['cloudflare-api-token'] }),
  key: z.string().min(1).meta({ description: 'Key of the Secret\'s data that holds the value.', examples: ['api-token'] }),
});

const images = z.strictObject({
  registry: z.string().default('ghcr.io/your-org').meta({
    description: 'Registry and organisation of the MechanicBuddy images: {registry}/mechanicbuddy-{api,web,dbup,management-api,management-portal,management-dbup}:{tag}.',
    examples: ['ghcr.io/your-org'],
  }),
  tag: imageTag.default('v1.0.0').meta({ description: 'Tag of every MechanicBuddy image unless overridden (per tenant by tenants[].imageTag); pinned, never "latest".', examples: ['v1.0.0'] }),
  api: pinnedImage.optional().meta({ description: 'Full tenant API image, pinned by tag or digest; default {registry}/mechanicbuddy-api:{tag}.', examples: ['ghcr.io/your-org/mechanicbuddy-api:v1.0.0'] }),
  web: pinnedImage.optional().meta({ description: 'Full tenant web image, pinned by tag or digest; default {registry}/mechanicbuddy-web:{tag}.', examples: ['ghcr.io/your-org/mechanicbuddy-web:v1.0.0'] }),
  migration: pinnedImage.optional().meta({ description: 'Tenant database migration image, pinned by tag or digest; default {registry}/mechanicbuddy-dbup:{tag}.', examples: ['ghcr.io/your-org/mechanicbuddy-dbup:v1.0.0'] }),
  managementApi: pinnedImage.optional().meta({ description: 'Management API image, pinned by tag or digest; default {registry}/mechanicbuddy-management-api:{tag}.', examples: ['ghcr.io/your-org/mechanicbuddy-management-api:v1.0.0'] }),
  managementPortal: pinnedImage.optional().meta({ description: 'Management portal image, pinned by tag or digest; default {registry}/mechanicbuddy-management-portal:{tag}.', examples: ['ghcr.io/your-org/mechanicbuddy-management-portal:v1.0.0'] }),
  managementMigration: pinnedImage.optional().meta({ description: 'Management database migration image, pinned by tag or digest; default {registry}/mechanicbuddy-management-dbup:{tag}.', examples: ['ghcr.io/your-org/mechanicbuddy-management-dbup:v1.0.0'] }),
  postgres: pinnedImage.default('ghcr.io/cloudnative-pg/postgresql:17.6-standard-trixie').meta({
    description: 'CloudNativePG operand image of every database cluster (its tag starts with the PostgreSQL major version).',
    examples: ['ghcr.io/cloudnative-pg/postgresql:17.6-standard-trixie'],
  }),
});

const ingress = z.strictObject({
  className: dnsLabel.default('nginx').meta({ description: 'IngressClass of every public Ingress.', examples: ['nginx'] }),
  controllerNamespace: dnsLabel.default('ingress-nginx').meta({ description: 'Namespace of the ingress controller pods; NetworkPolicies admit traffic from there.', examples: ['ingress-nginx'] }),
  controllerPodLabels: z.record(z.string(), z.string()).default({ 'app.kubernetes.io/name': 'ingress-nginx' }).meta({
    description: 'Labels that select the ingress controller pods in controllerNamespace, for the NetworkPolicy allowances.',
    examples: [{ 'app.kubernetes.io/name': 'ingress-nginx' }],
  }),
  externalDns: z.boolean().default(false).meta({ description: 'Annotate public Ingresses for external-dns, which then creates their DNS records.' }),
});

const tls = z.strictObject({
  issuer: dnsLabel.default('letsencrypt-prod').meta({ description: 'Name of the cert-manager ACME ClusterIssuer that signs every Certificate.', examples: ['letsencrypt-prod', 'letsencrypt-staging'] }),
  acmeEmail: email.default('ops@mechanicbuddy.app').meta({ description: 'E-mail address of the ACME account (expiry and problem notices).', examples: ['ops@mechanicbuddy.app'] }),
  acmeServer: z.url().default('https://acme-v02.api.letsencrypt.org/directory').meta({
    description: 'ACME directory URL; default Let\'s Encrypt production.',
    examples: ['https://acme-v02.api.letsencrypt.org/directory', 'https://acme-staging-v02.api.letsencrypt.org/directory'],
  }),
  dns01: z.strictObject({
    cloudflareApiToken: secretKeyRef.default({ name: 'cloudflare-api-token', key: 'api-token' }).meta({
      description: 'Secret and key holding the Cloudflare API token of the DNS-01 solver (in the cert-manager namespace).',
    }),
  }).prefault({}).meta({ description: 'DNS-01 solver for the platform domain (the only way to get *.{domain}).' }),
  tenantSubdomains: z.enum(['certificate-per-tenant', 'wildcard']).default('certificate-per-tenant').meta({
    description: 'certificate-per-tenant: Certificate {id}-tls for {id}.{domain}; wildcard: serve tenant subdomains from the ingress controller\'s default (wildcard) certificate, which avoids Let\'s Encrypt\'s 50 certificates per week limit.',
  }),
});

const backups = z.strictObject({
  destinationPath: z.string().regex(/^(s3|gs|https?):\/\/\S+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an object store URL (s3://bucket/path)` })
    .default('s3://mechanicbuddy-backups').meta({ description: 'Barman Cloud destination of database backups; each cluster writes under {destinationPath}/{namespace}/.', examples: ['s3://mechanicbuddy-backups', 'gs://my-bucket/cnpg'] }),
  endpointURL: z.url().optional().meta({ description: 'S3-compatible endpoint (MinIO and the like); absent = AWS S3.', examples: ['https://minio.example.com'] }),
  credentialsSecret: dnsLabel.default('backup-credentials').meta({ description: 'Secret with ACCESS_KEY_ID and ACCESS_SECRET_KEY in each namespace that backs up.', examples: ['backup-credentials'] }),
});

const global = z.strictObject({
  domain: domainName.default('mechanicbuddy.app').meta({ description: 'Platform domain: portal at {domain}, API at api.{domain}, tenants at {id}.{domain}.', examples: ['mechanicbuddy.app'] }),
  storageClass: dnsLabel.default('local-path').meta({ description: 'StorageClass of database volumes.', examples: ['local-path', 'gp3'] }),
  ingress: ingress.prefault({}).meta({ description: 'How public traffic reaches the platform: IngressClass and the ingress controller\'s pods.' }),
  tls: tls.prefault({}).meta({ description: 'Certificates: the cert-manager ACME issuer and how tenant subdomains get theirs.' }),
  backups: backups.prefault({}).meta({ description: 'Object store of the CloudNativePG database backups (Barman Cloud).' }),
  images: images.prefault({}).meta({ description: 'Container images of MechanicBuddy and its databases; every image is pinned (never "latest", never untagged).' }),
  cnpgOperatorNamespace: dnsLabel.default('cnpg-system').meta({ description: 'Namespace where the CloudNativePG operator runs; NetworkPolicies admit it to the databases.', examples: ['cnpg-system'] }),
  monitoring: z.strictObject({ podMonitors: z.boolean().default(false).meta({ description: 'Synthesize PodMonitors for the databases (Prometheus Operator).' }) }).prefault({}).meta({
    description: 'Prometheus Operator integration.',
  }),
  demoTrialDays: z.number().int().min(1).max(90).default(7).meta({ description: 'Length of a demo trial in days, counted from tenants[].createdAt (1 to 90).', examples: [7, 14] }),
  demoExpiredData: z.enum(['keep', 'delete']).default('keep').meta({
    description: 'What `tenant expire` does with an expired dedicated demo tenant\'s namespace, volumes and database: keep (default; its workloads go, its data stays until `tenant deprovision --purge`) or delete.',
    examples: ['keep', 'delete'],
  }),
  gitops: z.strictObject({
    repoURL: z.url().default('https://github.com/your-org/mechanicbuddy').meta({ description: 'Git repository Argo CD (or Flux, with engine: flux) syncs the rendered manifests from.', examples: ['https://github.com/your-org/mechanicbuddy'] }),
    targetRevision: z.string().min(1).default('main').meta({
      description: 'Branch, tag or commit Argo CD follows. Flux follows it as a branch, unless it is a 40-hex commit or a full reference such as refs/tags/v1.2.0.',
      examples: ['main', 'v1.2.0'],
    }),
    path: z.string().min(1).default('dist').meta({ description: 'Where dist/ lives in the repository.', examples: ['dist'] }),
    argocdNamespace: dnsLabel.default('argocd').meta({ description: 'Namespace of Argo CD, where the Applications are created.', examples: ['argocd'] }),
    engine: z.enum(['argocd', 'flux']).optional().meta({
      description: 'What syncs each cluster folder dist/clusters/{name}/ when clusters are declared: argocd (default; one Application per cluster) or flux (one GitRepository and one Kustomization per cluster, on the home cluster; further clusters through clusters[].kubeConfigSecret). Only with clusters.',
      examples: ['argocd', 'flux'],
    }),
    flux: z.strictObject({
      namespace: dnsLabel.default('flux-system').meta({ description: 'Namespace of Flux on the home cluster, where the GitRepository, the Kustomizations and the kubeconfig Secrets are.', examples: ['flux-system'] }),
      secretName: dnsLabel.optional().meta({ description: 'Git credentials Secret in the Flux namespace for repoURL; absent = a public repository.', examples: ['fleet-git-credentials'] }),
    }).prefault({}).meta({ description: 'Flux settings used with engine: flux.' }),
  }).prefault({}).meta({ description: 'Where Argo CD or Flux finds the rendered dist/ of the fleet.' }),
});

const autoscaling = z.strictObject({
  minReplicas: z.number().int().min(1).default(2).meta({ description: 'Fewest pods the HorizontalPodAutoscaler keeps.', examples: [2] }),
  maxReplicas: z.number().int().min(1).max(100).default(10).meta({ description: 'Most pods the HorizontalPodAutoscaler scales to (1 to 100); capacity counts requests at this maximum.', examples: [10] }),
  cpuUtilization: z.number().int().min(1).max(100).default(70).meta({ description: 'Target average CPU use, in percent of the CPU request, above which the HPA adds pods.', examples: [70] }),
  memoryUtilization: z.number().int().min(1).max(100).default(80).meta({ description: 'Target average memory use, in percent of the memory request, above which the HPA adds pods.', examples: [80] }),
});

const workloadOverride = z.strictObject({
  replicas: z.number().int().min(1).max(50).optional().meta({ description: 'Pods of the Deployment (1 to 50); default from the tier preset.', examples: [2] }),
  resources: resources.optional().meta({ description: 'Requests and limits of each pod\'s container; default from the tier preset.' }),
});

const databaseOverride = z.strictObject({
  instances: z.number().int().min(1).max(9).optional().meta({ description: 'PostgreSQL instances of the CloudNativePG cluster (1 primary plus replicas, 1 to 9); default from the tier preset.', examples: [2] }),
  storage: quantityWithExamples(['50Gi']).optional().meta({ description: 'Volume size of each database instance; default from the tier preset.' }),
  resources: resources.optional().meta({ description: 'Requests and limits of each database instance; default from the tier preset.' }),
});

const backupSchedule = z.strictObject({
  schedule: cron(6).optional().meta({ description: 'Six-field cron, seconds first (CNPG ScheduledBackup).', examples: ['0 0 2 * * *'] }),
  retention: retention.optional().meta({ description: 'How long Barman Cloud keeps backups: a number and d (days), w (weeks) or m (months).', examples: ['7d', '30d'] }),
});

export const tenantSchema = z.strictObject({
  id: dnsLabel.meta({ description: 'Tenant id, a DNS label of at most 27 characters: namespace tenant-{id}, host {id}.{domain}.', examples: ['acme', 'joes-garage'] }),
  name: z.string().min(1).max(200).meta({ description: 'Display name.', examples: ['ACME Auto Repair'] }),
  tier,
  placement: z.enum(['shared', 'dedicated']).optional().meta({ description: 'shared = the free-tier deployment; dedicated = namespace tenant-{id}. Default: shared for free and demo, dedicated for paid tiers.' }),
  ownerEmail: email.optional().meta({ description: 'E-mail address of the tenant\'s owner; informational.', examples: ['admin@acme.com'] }),
  customDomains: z.array(domainName.meta({ description: 'A host name the tenant owns and points at the ingress controller.', examples: ['workshop.rapidfix.com'] }))
    .default([]).meta({ description: 'Extra hosts served by a dedicated tenant (HTTP-01 certificates).', examples: [['workshop.rapidfix.com']] }),
  imageTag: imageTag.optional().meta({ description: 'Overrides global.images.tag for this tenant (pinned, never "latest").', examples: ['v1.1.0'] }),
  createdAt: isoDate.optional().meta({ description: 'Start of a demo trial (YYYY-MM-DD); the expiry is createdAt + global.demoTrialDays.', examples: ['2026-11-20'] }),
  stripeCustomerId: z.string().regex(/^cus_[A-Za-z0-9]+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a Stripe customer id (cus_...)` }).optional().meta({
    description: 'Stripe customer id (cus_...); informational, set as an annotation on the tenant namespace.',
    examples: ['cus_acme0001'],
  }),
  api: workloadOverride.optional().meta({ description: 'Overrides of the tier preset for the tenant\'s API Deployment.' }),
  web: workloadOverride.optional().meta({ description: 'Overrides of the tier preset for the tenant\'s web Deployment.' }),
  database: databaseOverride.optional().meta({ description: 'Overrides of the tier preset for the tenant\'s CloudNativePG database cluster.' }),
  backup: backupSchedule.optional().meta({ description: 'Overrides of the tier\'s backup schedule and retention (tiers with backups: professional daily kept 7d, enterprise hourly kept 30d).' }),
  shard: z.number().int().min(1).max(50).optional().meta({
    description: 'Free-tier shard (1 to freeTier.shards) of a shared tenant; default the first shard with room, in platform-file order. Pin it to keep the tenant put when tenants before it leave.',
    examples: [2],
  }),
  cluster: dnsLabel.optional().meta({ description: 'Cluster (clusters[].name) of a dedicated tenant; default the first cluster with room, in platform-file order.', examples: ['eu-1'] }),
});

const managedWorkload = z.strictObject({
  replicas: z.number().int().min(1).max(50).default(2).meta({ description: 'Pods of the Deployment (1 to 50).', examples: [2] }),
  resources: resources.optional(),
});

const system = z.strictObject({
  enabled: z.boolean().default(true).meta({ description: 'Synthesize the management system: namespace mechanicbuddy-system with the management API, portal and shared database.' }),
  managementApi: managedWorkload.prefault({}).meta({ description: 'The management API Deployment; resources default 250m/512Mi requested, 1/1Gi limit.' }),
  managementPortal: managedWorkload.prefault({}).meta({ description: 'The management portal Deployment; resources default 100m/256Mi requested, 500m/512Mi limit.' }),
  database: z.strictObject({
    instances: z.number().int().min(1).max(9).default(2).meta({ description: 'PostgreSQL instances of the CloudNativePG cluster (1 primary plus replicas, 1 to 9).', examples: [2] }),
    storage: quantityWithExamples(['100Gi']).default('100Gi').meta({ description: 'Volume size of each database instance; default 100Gi.' }),
    resources: resources.optional().meta({ description: 'Requests and limits of each database instance; default 500m/1Gi requested, 1/2Gi limit.' }),
    backup: backupSchedule.prefault({}).meta({ description: 'Scheduled backups of the shared database; default daily at 03:00 (0 0 3 * * *), kept 30d.' }),
  }).prefault({}).meta({ description: 'The shared management database (CloudNativePG cluster).' }),
  email: z.strictObject({
    fromEmail: email.default('noreply@mechanicbuddy.app').meta({ description: 'Sender address of the platform\'s e-mails.', examples: ['noreply@mechanicbuddy.app'] }),
    smtpHost: z.string().min(1).default('smtp.resend.com').meta({ description: 'SMTP server that sends the e-mails; its credentials come from a Secret.', examples: ['smtp.resend.com'] }),
    smtpPort: z.number().int().min(1).max(65535).default(587).meta({ description: 'TCP port of the SMTP server (587 = submission with STARTTLS).', examples: [587, 465] }),
  }).prefault({}).meta({ description: 'Outgoing e-mail of the management system and the tenants.' }),
  superAdminEmail: email.default('admin@mechanicbuddy.app').meta({ description: 'E-mail address of the first super administrator of the management portal.', examples: ['admin@mechanicbuddy.app'] }),
  demoExpiryJob: z.strictObject({
    enabled: z.boolean().default(false).meta({ description: 'Run `saas-charts tenant expire` as CronJob demo-expiry in the system namespace, with a ServiceAccount limited to what the expiry uses (opt-in).' }),
    schedule: cron(5).default('15 * * * *').meta({ description: 'Five-field cron (UTC) of the CronJob demo-expiry; hourly by default, so a trial ends within the hour of its expiry day.', examples: ['15 * * * *', '0 1 * * *'] }),
    image: pinnedImage.optional().meta({ description: 'Image holding the saas-charts command (its entrypoint), pinned by tag or digest; default {registry}/saas-charts:{the saas-charts version that renders it}, the command whose calls its RBAC rules allow.', examples: ['ghcr.io/your-org/saas-charts:0.1.0'] }),
  }).prefault({}).meta({ description: 'The CronJob that deprovisions expired demo tenants; data kept or deleted per global.demoExpiredData.' }),
});

const freeTierWorkload = z.strictObject({
  resources: resources.optional(),
  autoscaling: autoscaling.prefault({}).meta({ description: 'HorizontalPodAutoscaler of the Deployment.' }),
});

const freeTier = z.strictObject({
  enabled: z.boolean().default(true).meta({ description: 'Synthesize the shared free tier that serves demo and free tenants.' }),
  maxTenants: z.number().int().min(1).max(10000).default(100).meta({ description: 'Tenants one free-tier deployment (shard) serves (seed 001: 100); more shared tenants than the shards hold is an error.', examples: [100] }),
  shards: z.number().int().min(1).max(50).default(1).meta({
    description: 'Free-tier deployments (seed 004: another instance when the limit is reached), maxTenants each; shard 1 is namespace mechanicbuddy-free-tier, shard N mechanicbuddy-free-tier-N.',
    examples: [1, 3],
  }),
  api: freeTierWorkload.prefault({}).meta({ description: 'The shared API Deployment; resources default 1/2Gi requested, 2/4Gi limit (seed 001).' }),
  web: freeTierWorkload.prefault({}).meta({ description: 'The shared web Deployment; resources default 500m/1Gi requested, 1/2Gi limit (seed 001).' }),
  argocd: z.boolean().default(true).meta({ description: 'Synthesize the Argo CD Application mechanicbuddy-free-tier.' }),
});

const pvcSize = z.strictObject({ pvcSize: quantityWithExamples(['20Gi']).meta({ description: 'Size of the PersistentVolumeClaim.' }) });


export const brickSchema = z.strictObject({
  customer: dnsLabel.meta({ description: 'Customer id; the brick runs in namespace {customer}-{app}.', examples: ['acme'] }),
  app: z.enum(BRICK_APPS).meta({ description: 'Which application the brick runs: suitecrm (CRM), seeddms or owncloud (documents).' }),
  state: z.enum(['running', 'paused']).default('running').meta({ description: 'paused: every workload at 0 replicas, CronJobs suspended, the Ingress removed; volumes and Secrets kept.' }),
  host: domainName.optional().meta({ description: 'Overrides bricks.hostPattern for this brick.', examples: ['crm.acme.example'] }),
  crm: pvcSize.optional().meta({ description: 'SuiteCRM data volume (default bricks.defaults.crm.pvcSize).' }),
  ged: pvcSize.optional().meta({ description: 'SeedDMS / OwnCloud documents volume (default bricks.defaults.ged.pvcSize).' }),
  backup: pvcSize.optional().meta({ description: 'Backup volume (default bricks.defaults.backup.pvcSize).' }),
  database: pvcSize.optional().meta({ description: 'MariaDB volume (default bricks.defaults.database.pvcSize).' }),
  cluster: dnsLabel.optional().meta({ description: 'Cluster (clusters[].name) of the brick; default the first cluster with room, in platform-file order.', examples: ['eu-1'] }),
});

const bricks = z.strictObject({
  domain: domainName.default('bricks.monacocloud.io').meta({ description: 'Domain of brick hosts ({domain} in hostPattern).', examples: ['bricks.monacocloud.io'] }),
  hostPattern: z.string().regex(/^(\{customer\}|\{app\}|\{domain\}|[a-z0-9.-])+$/, { error: (issue) => `${JSON.stringify(issue.input)} may use only {customer}, {app}, {domain}, lowercase letters, digits, "-" and "."` })
    .default('{customer}-{app}.{domain}').meta({
      description: 'Host of each brick, from the placeholders {customer}, {app} and {domain} plus lowercase letters, digits, "-" and ".".',
      examples: ['{customer}-{app}.{domain}', '{app}.{customer}.{domain}'],
    }),
  storageClass: dnsLabel.optional().meta({ description: 'StorageClass of brick volumes; default global.storageClass.', examples: ['nfs-csi'] }),
  defaults: z.strictObject({
    crm: pvcSize.default({ pvcSize: '10Gi' }).meta({ description: 'SuiteCRM data volume of every brick; default 10Gi.' }),
    ged: pvcSize.default({ pvcSize: '20Gi' }).meta({ description: 'SeedDMS / OwnCloud documents volume of every brick; default 20Gi.' }),
    backup: pvcSize.default({ pvcSize: '20Gi' }).meta({ description: 'Backup volume of every brick; default 20Gi.' }),
    database: pvcSize.default({ pvcSize: '5Gi' }).meta({ description: 'MariaDB volume of every brick; default 5Gi.' }),
  }).prefault({}).meta({ description: 'Volume sizes by role, overridable per brick (bricks.instances[].crm and the like).' }),
  backupSchedule: cron(5).default('30 2 * * *').meta({
    description: 'Five-field cron of the nightly backup CronJob (database dump and data archive to the backup volume).',
    examples: ['30 2 * * *'],
  }),
  images: z.strictObject({
    suitecrm: pinnedImage.optional().meta({ description: 'SuiteCRM image; default the catalog\'s pinned image.', examples: ['docker.io/bitnamilegacy/suitecrm:8.8.1-debian-12-r3'] }),
    seeddms: pinnedImage.optional().meta({ description: 'SeedDMS image; default the catalog\'s pinned image.', examples: ['docker.io/nlippke/seeddms:6.0.23'] }),
    owncloud: pinnedImage.optional().meta({ description: 'OwnCloud server image; default the catalog\'s pinned image.', examples: ['docker.io/owncloud/server:10.16.4'] }),
    mariadb: pinnedImage.optional().meta({ description: 'MariaDB image of the brick databases; default the catalog\'s pinned image.', examples: ['docker.io/library/mariadb:10.11.10'] }),
    redis: pinnedImage.optional().meta({ description: 'Redis image (OwnCloud\'s cache); default the catalog\'s pinned image.', examples: ['docker.io/library/redis:7.4.2'] }),
  }).prefault({}).meta({ description: 'Image overrides of the brick catalog; each pinned by tag or digest.' }),
  gitops: z.strictObject({
    flux: z.strictObject({
      enabled: z.boolean().default(true).meta({ description: 'Synthesize a Flux GitRepository and Kustomization (with prune) for dist/bricks.' }),
      url: z.url().default('https://github.com/your-org/monacocloud-bricks').meta({ description: 'Git repository Flux pulls dist/bricks from.', examples: ['https://github.com/your-org/monacocloud-bricks'] }),
      branch: z.string().min(1).default('main').meta({ description: 'Branch Flux follows.', examples: ['main'] }),
      secretName: dnsLabel.optional().meta({ description: 'Git credentials Secret in the Flux namespace; absent = a public repository.', examples: ['bricks-git-credentials'] }),
      namespace: dnsLabel.default('flux-system').meta({ description: 'Namespace of Flux, where the GitRepository and Kustomization are created.', examples: ['flux-system'] }),
    }).prefault({}).meta({ description: 'Flux reconciliation of the bricks folder.' }),
    argocd: z.boolean().default(false).meta({ description: 'Also synthesize an Argo CD Application for the bricks folder.' }),
  }).prefault({}).meta({ description: 'How the rendered bricks (dist/bricks) reach the cluster.' }),
  instances: z.array(brickSchema.meta({ description: 'One brick: an application for a customer in namespace {customer}-{app}.' })).default([]).meta({
    description: 'The bricks; customer and app together must be unique.',
  }),
});

const helpManager = z.strictObject({
  enabled: z.boolean().default(true).meta({ description: 'Deploy the HelpManager; false turns it off while keeping the section.' }),
  image: pinnedImage.default('helperiance/helperiance-manager:1.0.9').meta({ description: 'Image of the app Deployment, pinned by tag or digest.', examples: ['helperiance/helperiance-manager:1.0.9'] }),
  replicas: z.number().int().min(0).max(3).default(1).meta({ description: 'Pods of the app Deployment (0 to 3; 0 stops it).', examples: [1] }),
  resources: resources.optional().meta({ description: 'Requests and limits of the app container; default 250m/512Mi requested, 1/1Gi limit.' }),
  config: z.strictObject({
    mailHost: z.string().min(1).default('smtp.monacocloud.io').meta({ description: 'SMTP server the app sends mail through.', examples: ['smtp.monacocloud.io'] }),
    mailPort: z.number().int().min(1).max(65535).default(587).meta({ description: 'TCP port of the SMTP server (587 = submission with STARTTLS).', examples: [587, 465] }),
    mailFrom: email.default('noreply@monacocloud.io').meta({ description: 'Sender address of the app\'s mail.', examples: ['noreply@monacocloud.io'] }),
    dnsApiUrl: z.url().default('https://api.cloudflare.com/client/v4').meta({ description: 'DNS provider API the app creates brick records with; its token comes from Secret app-secrets.', examples: ['https://api.cloudflare.com/client/v4'] }),
    memberpressUrl: z.url().default('https://monacocloud.io/wp-json/mp/v1').meta({ description: 'MemberPress REST API of the shop whose memberships drive the bricks.', examples: ['https://monacocloud.io/wp-json/mp/v1'] }),
    gitRepository: z.url().default('https://github.com/your-org/monacocloud-bricks').meta({ description: 'Git repository the app pushes brick manifests to.', examples: ['https://github.com/your-org/monacocloud-bricks'] }),
    gitBranch: z.string().min(1).default('main').meta({ description: 'Branch of gitRepository the app pushes to.', examples: ['main'] }),
  }).prefault({}).meta({ description: 'Configuration environment of the app; every credential comes from Secret app-secrets.' }),
  cassandra: z.strictObject({
    image: pinnedImage.default('helperiance/cassandra:5.0.0').meta({ description: 'Cassandra image, pinned by tag or digest.', examples: ['helperiance/cassandra:5.0.0'] }),
    storage: quantityWithExamples(['20Gi']).default('20Gi').meta({ description: 'Size of the data volume cassandra-pvc; default 20Gi.' }),
    storageClass: dnsLabel.default('nfs-csi').meta({ description: 'The NFS StorageClass of cassandra-pvc (seed 000); Pod Security restricted forbids inline nfs volumes.', examples: ['nfs-csi'] }),
    maxHeapSize: z.string().regex(/^\d+[MG]$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a JVM heap size such as 512M or 1G` }).default('1G').meta({
      description: 'JVM heap of Cassandra (MAX_HEAP_SIZE), a number and M or G; the memory limit must exceed it (default twice the heap).',
      examples: ['1G', '512M'],
    }),
    resources: resources.optional().meta({ description: 'Requests and limits of Cassandra; default 500m CPU requested, 2 limit, memory twice maxHeapSize.' }),
  }).prefault({}).meta({ description: 'Cassandra of the app: Deployment cassandra, PVC cassandra-pvc, Service port 9042.' }),
  podRecycler: z.strictObject({
    schedule: cron(5).default('0 0 * * *').meta({ description: 'Five-field cron of the CronJob delete-helperiance-pod-daily that restarts the app\'s pods.', examples: ['0 0 * * *'] }),
    image: pinnedImage.default('registry.k8s.io/kubectl:v1.31.4').meta({ description: 'kubectl image the CronJob runs, pinned by tag or digest.', examples: ['registry.k8s.io/kubectl:v1.31.4'] }),
  }).prefault({}).meta({ description: 'The CronJob delete-helperiance-pod-daily that recycles the app\'s pods.' }),
  podMonitor: z.boolean().default(false).meta({ description: 'Synthesize a PodMonitor for the app (Prometheus Operator).' }),
});

const customerSchema = z.strictObject({
  id: dnsLabel.meta({ description: 'Customer id, a DNS label of at most 33 characters: namespace customer-{id}, host {id}.{customers.domain}.', examples: ['abc123'] }),
  email: email.meta({ description: 'Contact e-mail address of the customer; set as an annotation on the namespace.', examples: ['john@example.com'] }),
  companyName: z.string().min(1).max(200).meta({ description: 'Company name of the customer (1 to 200 characters); set as an annotation on the namespace.', examples: ['Acme Corp'] }),
  state: z.enum(['running', 'paused']).default('running').meta({ description: 'paused: nothing runs and the host is not routed; data, Secrets and the Certificate are kept.' }),
  cluster: dnsLabel.optional().meta({ description: 'Cluster (clusters[].name) of the customer instance; default the first cluster with room, in platform-file order.', examples: ['eu-1'] }),
});

const capacity = (what: string) => z.number().int().min(0).max(100000).optional().meta({
  description: `Most ${what} placed on this cluster (explicitly or by the rule); absent = no limit.`,
  examples: [200],
});

export const clusterSchema = z.strictObject({
  name: dnsLabel.meta({ description: 'Cluster name: its folder dist/clusters/{name}/ and, unless server is set, its name in Argo CD.', examples: ['eu-1', 'us-east'] }),
  context: z.string().min(1).optional().meta({ description: 'kubeconfig context that apply, diff and status use for this cluster; default the name.', examples: ['prod-eu-1'] }),
  server: z.url().optional().meta({
    description: 'API server URL of the cluster as Argo CD knows it (destination.server); default the Argo CD cluster named {name} (destination.name).',
    examples: ['https://kubernetes.default.svc', 'https://eu-1.k8s.example.com'],
  }),
  maxTenants: capacity('dedicated tenants'),
  maxBricks: capacity('bricks'),
  maxCustomers: capacity('customer instances'),
  kubeConfigSecret: dnsLabel.optional().meta({
    description: 'With global.gitops.engine flux: Secret in the Flux namespace of the home cluster holding this cluster\'s kubeconfig (key value); default {name}-kubeconfig, none for the home cluster, where Flux runs.',
    examples: ['us-1-kubeconfig'],
  }),
  labels: z.record(z.string(), z.string()).default({}).meta({
    description: 'Labels of the cluster\'s Argo CD Application (or Flux Kustomization), for selecting clusters in Argo CD, Flux and scripts.',
    examples: [{ region: 'eu' }],
  }),
});

const customers = z.strictObject({
  domain: domainName.default('iotistic.cloud').meta({ description: 'Base domain of customer hosts (seed 002 domain.base).', examples: ['iotistic.cloud'] }),
  storageClass: dnsLabel.default('standard').meta({ description: 'StorageClass of the PostgreSQL and Mosquitto volumes.', examples: ['standard'] }),
  postgresStorage: quantityWithExamples(['10Gi']).default('10Gi').meta({ description: 'Size of each customer\'s PostgreSQL volume; default 10Gi.' }),
  images: z.strictObject({
    postgres: pinnedImage.default('postgres:15.10-alpine').meta({ description: 'PostgreSQL image, pinned by tag or digest.', examples: ['postgres:15.10-alpine'] }),
    mosquitto: pinnedImage.default('eclipse-mosquitto:2.0.22').meta({ description: 'Mosquitto MQTT broker image, pinned by tag or digest.', examples: ['eclipse-mosquitto:2.0.22'] }),
    api: pinnedImage.default('iotistic/api:1.0.0').meta({ description: 'Iotistic API image, pinned by tag or digest.', examples: ['iotistic/api:1.0.0'] }),
    dashboard: pinnedImage.default('iotistic/dashboard:1.0.0').meta({ description: 'Iotistic dashboard image, pinned by tag or digest.', examples: ['iotistic/dashboard:1.0.0'] }),
    exporter: pinnedImage.default('iotistic/billing-exporter:1.0.0').meta({ description: 'Billing exporter image, pinned by tag or digest.', examples: ['iotistic/billing-exporter:1.0.0'] }),
  }).prefault({}).meta({ description: 'Images of every customer instance.' }),
  instances: z.array(customerSchema.meta({ description: 'One customer instance in namespace customer-{id}.' })).default([]).meta({ description: 'The customer instances; ids must be unique.' }),
});

export const platformSchema = z.strictObject({
  global: global.prefault({}).meta({ description: 'Settings shared by the whole fleet: domain, storage, ingress, TLS, backups, images and GitOps.' }),
  system: system.prefault({}).meta({ description: 'The management system (namespace mechanicbuddy-system): management API, portal and shared database.' }),
  freeTier: freeTier.prefault({}).meta({ description: 'The shared free tier: one autoscaled deployment that serves every shared demo and free tenant.' }),
  tenants: z.array(tenantSchema.meta({ description: 'One MechanicBuddy tenant.' })).default([]).meta({ description: 'The MechanicBuddy tenants; ids must be unique.' }),
  helpManager: helpManager.optional().meta({ description: 'The HelpManager (seed 000), namespace helperiance-manager; absent = not deployed.' }),
  bricks: bricks.optional().meta({ description: 'Marketplace bricks (SuiteCRM, SeedDMS, OwnCloud), one namespace {customer}-{app} each.' }),
  customers: customers.optional().meta({ description: 'Iotistic IoT customer instances (seed 002), one namespace customer-{id} each.' }),
  clusters: z.array(clusterSchema.meta({ description: 'One Kubernetes cluster of the fleet.' })).optional().meta({
    description: 'Clusters the fleet spreads over, one folder dist/clusters/{name}/ each; the first also runs the system, free tier and HelpManager. Absent = one cluster.',
  }),
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
export type ClusterConfig = z.output<typeof clusterSchema>;
