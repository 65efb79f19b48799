/**
 * One marketplace brick: one app bought by one customer, in namespace
 * `{customer}-{app}` (seed 000). The app, its MariaDB (and Redis for
 * OwnCloud), data and backup volumes, a nightly backup, TLS and DNS for its
 * host. Paused: every workload at 0 replicas, the backup suspended, the
 * Ingress gone; volumes, Secrets and the certificate are kept.
 */
import { PlatformChart } from '../platform-chart.js';
import type { Construct } from 'constructs';
import {
  DeclaredSecret, MANAGED_BY, NetworkAllowance, PersistentClaim, PublicIngress, ScheduledJob, StatefulService, TenantNamespace, TlsCertificate, WebService,
  execProbe, type AppIdentity, type ContainerSpec,
} from '../../../constructs/index.js';
import { planBrick, type BrickPlan } from '../../platform/bricks.js';
import type { BrickConfig, Platform } from '../../platform/schema.js';
import { ingressController } from '../identity.js';
import { BRICK_CATALOG, MARIADB_IMAGE, REDIS_IMAGE, type BrickAppDefinition, type BrickContext } from './catalog.js';

export interface BrickChartProps {
  readonly platform: Platform;
  readonly brick: BrickConfig;
}

export const PART_OF_BRICKS = 'helpmanager';
const MARIADB_USER = { user: 999, group: 999, fsGroup: 999 } as const;

export class BrickChart extends PlatformChart {
  readonly plan: BrickPlan;

  constructor(scope: Construct, id: string, props: BrickChartProps) {
    const plan = planBrick(props.platform, props.brick);
    const labels = { 'app.kubernetes.io/part-of': PART_OF_BRICKS, 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/instance': plan.namespace };
    super(scope, id, { namespace: plan.namespace, labels });
    this.plan = plan;
    const definition = BRICK_CATALOG[plan.app];
    const running = plan.state === 'running';
    const replicas = running ? 1 : 0;
    const who = (name: string, component: string, version?: string): AppIdentity => ({ name, component, instance: plan.namespace, partOf: PART_OF_BRICKS, version });
    const controller = ingressController(props.platform.global);

    new TenantNamespace(this, 'Namespace', {
      name: plan.namespace,
      labels: {
        ...labels,
        'helpmanager.io/brick': 'true',
        'helpmanager.io/customer': plan.customer,
        'helpmanager.io/app': plan.app,
        'helpmanager.io/state': plan.state,
      },
      podSecurity: definition.runAs === 'root' ? 'baseline' : 'restricted',
      quotaHeadroom: { acmeSolvers: 1 },
      allowances: [
        NetworkAllowance.dns(),
        NetworkAllowance.sameNamespace(),
        NetworkAllowance.fromIngressController(controller, ['app'], [definition.port]),
        NetworkAllowance.acmeHttp01Solver(controller),
        NetworkAllowance.egressToPorts('allow-app-egress-smtp-https', { matchLabels: { 'app.kubernetes.io/component': 'app' } }, [443, 587]),
      ],
    });

    const databaseSecret = new DeclaredSecret(this, 'DatabaseSecret', {
      name: `${plan.app}-database`,
      namespace: plan.namespace,
      keys: [
        { key: 'password', source: 'generated', description: `MariaDB password of the ${plan.app} user` },
        { key: 'root-password', source: 'generated', description: 'MariaDB root password (backups)' },
      ],
    });
    const adminSecret = new DeclaredSecret(this, 'AdminSecret', {
      name: `${plan.app}-admin`,
      namespace: plan.namespace,
      keys: [{ key: 'password', source: 'generated', bytes: 18, description: `Initial password of the ${definition.displayName} admin` }],
    });

    const database = new StatefulService(this, 'Database', {
      name: 'mariadb',
      identity: who('mariadb', 'database'),
      replicas,
      runAs: MARIADB_USER,
      claims: [{ name: 'data', size: plan.sizes.database, mountPath: '/var/lib/mysql', storageClass: plan.storageClass }],
      container: {
        name: 'mariadb',
        image: plan.images.mariadb ?? MARIADB_IMAGE,
        ports: [{ name: 'mysql', port: 3306 }],
        env: [
          databaseSecret.envVar('MARIADB_ROOT_PASSWORD', 'root-password'),
          { name: 'MARIADB_DATABASE', value: plan.app },
          { name: 'MARIADB_USER', value: plan.app },
          databaseSecret.envVar('MARIADB_PASSWORD', 'password'),
          { name: 'MARIADB_AUTO_UPGRADE', value: '1' },
        ],
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        probes: {
          startup: { ...execProbe(['healthcheck.sh', '--started']), periodSeconds: 5, failureThreshold: 60 },
          liveness: execProbe(['healthcheck.sh', '--connect', '--innodb_initialized']),
          readiness: execProbe(['healthcheck.sh', '--connect', '--innodb_initialized'], { periodSeconds: 10 }),
        },
        readOnlyRootFilesystem: false,
        mounts: [{ name: 'run', mountPath: '/run/mysqld', source: { emptyDir: true } }, { name: 'tmp', mountPath: '/tmp', source: { emptyDir: true } }],
      },
    });

    const redis = definition.redis ? this.addRedis(plan, replicas, who('redis', 'cache')) : undefined;
    const context: BrickContext = {
      host: plan.host,
      databaseHost: database.name,
      databaseName: plan.app,
      databaseUser: plan.app,
      databaseSecret: databaseSecret.name,
      adminSecret: adminSecret.name,
      redisHost: redis?.name,
    };

    const dataClaim = new PersistentClaim(this, 'DataClaim', { name: `${definition.dataRole}-data`, size: plan.sizes[definition.dataRole], storageClass: plan.storageClass });
    const backupClaim = new PersistentClaim(this, 'BackupClaim', { name: 'backup', size: plan.sizes.backup, storageClass: plan.storageClass });

    const app = new WebService(this, 'App', {
      name: plan.app,
      identity: who(plan.app, 'app', imageTag(plan.images.app ?? definition.image)),
      image: plan.images.app ?? definition.image,
      port: definition.port,
      servicePort: 80,
      replicas,
      strategy: 'Recreate',
      resources: definition.resources,
      probes: definition.probes(context),
      runAs: definition.runAs,
      writablePaths: definition.runAs === 'root' ? [] : ['/tmp'],
      mounts: [
        { name: 'data', mountPath: definition.dataMountPath, subPath: definition.dataSubPath, source: { claimName: dataClaim.name } },
        ...(definition.dataFolders ?? []).map((folder) => ({ name: 'data', mountPath: folder.mountPath, subPath: folder.subPath })),
      ],
      initContainers: definition.configure ? [configureStep(definition, context, plan.images.app ?? definition.image)] : undefined,
      env: definition.env(context),
    });

    new ScheduledJob(this, 'Backup', {
      name: 'backup',
      identity: who(`${plan.app}-backup`, 'backup'),
      schedule: plan.backupSchedule,
      suspend: !running,
      runAs: definition.runAs,
      container: {
        name: 'backup',
        image: plan.images.mariadb ?? MARIADB_IMAGE,
        command: ['sh', '-c', BACKUP_SCRIPT],
        env: [{ name: 'DB_HOST', value: database.name }, databaseSecret.envVar('MYSQL_PWD', 'root-password')],
        resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        readOnlyRootFilesystem: definition.runAs !== 'root',
        mounts: [
          { name: 'data', mountPath: '/data', readOnly: true, source: { claimName: dataClaim.name } },
          { name: 'backup', mountPath: '/backup', source: { claimName: backupClaim.name } },
          { name: 'tmp', mountPath: '/tmp', source: { emptyDir: true } },
        ],
      },
    });

    const certificate = new TlsCertificate(this, 'Certificate', {
      name: `${plan.namespace}-tls`,
      dnsNames: [plan.host],
      clusterIssuer: props.platform.global.tls.issuer,
    });
    if (running) {
      new PublicIngress(this, 'Ingress', {
        name: plan.app,
        className: props.platform.global.ingress.className,
        hosts: [plan.host],
        paths: [{ path: '/', serviceName: app.name, servicePort: app.servicePort }],
        tls: [{ hosts: [plan.host], secretName: certificate.secretName }],
        // DNS through external-dns replaces HelpManager's calls to a DNS API.
        externalDns: true,
        annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': definition.dataRole === 'ged' ? '512m' : '64m' },
      });
    }
  }

  private addRedis(plan: BrickPlan, replicas: number, identity: AppIdentity): StatefulService {
    return new StatefulService(this, 'Cache', {
      name: 'redis',
      identity,
      replicas,
      runAs: { user: 999, group: 999 },
      container: {
        name: 'redis',
        image: plan.images.redis ?? REDIS_IMAGE,
        // A cache for file locks and sessions: nothing to persist.
        args: ['--save', '', '--appendonly', 'no'],
        ports: [{ name: 'redis', port: 6379 }],
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
        probes: { liveness: execProbe(['redis-cli', 'ping'], { periodSeconds: 10 }), readiness: execProbe(['redis-cli', 'ping'], { periodSeconds: 5 }) },
        mounts: [{ name: 'data', mountPath: '/data', source: { emptyDir: true } }],
      },
    });
  }
}

/** Dumps every database and archives the data volume, keeping seven nights. */
const BACKUP_SCRIPT = [
  'set -eu',
  'stamp=$(date +%Y-%m-%d)',
  'mariadb-dump --host="$DB_HOST" --user=root --all-databases --single-transaction | gzip > "/backup/database-$stamp.sql.gz"',
  'tar -czf "/backup/data-$stamp.tar.gz" -C /data .',
  'find /backup -type f -mtime +7 -delete',
].join('\n');

function imageTag(image: string): string {
  const name = image.slice(image.lastIndexOf('/') + 1);
  return name.includes(':') ? name.slice(name.indexOf(':') + 1) : 'unknown';
}

/** The app's own configuration step (catalog `configure`), with the data volume at /persist. */
function configureStep(definition: BrickAppDefinition, context: BrickContext, image: string): ContainerSpec {
  const step = definition.configure!(context);
  return {
    name: 'configure',
    image,
    command: step.command,
    env: step.env,
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
    readOnlyRootFilesystem: false,
    mounts: [{ name: 'data', mountPath: '/persist' }],
  };
}
