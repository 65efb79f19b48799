/**
 * The marketplace apps, each defined once as data (image facts from
 * shared/notes/domain-workloads.md §5): ports, who the image runs as (and so
 * the namespace's Pod Security level), where its data lives and which volume
 * role holds it, its environment, database and cache, probes, resources.
 */
import type { ContainerResources, k8s, ProbeSet, RunAs } from '../../../constructs/index.js';
import { httpGetProbe, startupBudget } from '../../../constructs/index.js';
import type { BrickAppName } from '../../platform/schema.js';

/** What an app's environment is built from. */
export interface BrickContext {
  readonly host: string;
  /** MariaDB Service host. */
  readonly databaseHost: string;
  readonly databaseName: string;
  readonly databaseUser: string;
  /** Secret with keys `password` (the app user) and `root-password`. */
  readonly databaseSecret: string;
  /** Secret with key `password` of the app's admin user. */
  readonly adminSecret: string;
  readonly redisHost?: string;
}

export interface BrickAppDefinition {
  readonly app: BrickAppName;
  readonly displayName: string;
  readonly image: string;
  /** Container port, named `http`. */
  readonly port: number;
  /** Numeric users pass `restricted`; `root` images need a `baseline` namespace. */
  readonly runAs: RunAs;
  /** Volume role of the app data: `crm` (SuiteCRM) or `ged` (documents). */
  readonly dataRole: 'crm' | 'ged';
  readonly dataMountPath: string;
  readonly dataSubPath?: string;
  /** More folders of the data volume, by sub-path (e.g. a configuration folder that must survive restarts). */
  readonly dataFolders?: readonly { readonly subPath: string; readonly mountPath: string }[];
  readonly resources: ContainerResources;
  readonly probes: (ctx: BrickContext) => ProbeSet;
  readonly env: (ctx: BrickContext) => k8s.EnvVar[];
  /**
   * Runs before the app with the data volume at `/persist`, in the app's image,
   * e.g. to point a config file at the database.
   */
  readonly configure?: (ctx: BrickContext) => { readonly command: readonly string[]; readonly env: readonly k8s.EnvVar[] };
  /** OwnCloud keeps file locks and sessions in Redis. */
  readonly redis: boolean;
}

const value = (name: string, v: string): k8s.EnvVar => ({ name, value: v });
const secret = (name: string, secretName: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secretName, key } } });

/** Apache/PHP apps answer slowly on first boot (installers run): a generous start-up budget. */
const webProbes = (path: string, seconds: number) => (ctx: BrickContext): ProbeSet => ({
  startup: startupBudget(httpGetProbe(path, 'http', { host: ctx.host }), seconds),
  liveness: httpGetProbe(path, 'http', { host: ctx.host, periodSeconds: 20, timeoutSeconds: 5 }),
  readiness: httpGetProbe(path, 'http', { host: ctx.host, periodSeconds: 10, timeoutSeconds: 5 }),
});

export const BRICK_CATALOG: Readonly<Record<BrickAppName, BrickAppDefinition>> = {
  suitecrm: {
    app: 'suitecrm',
    displayName: 'SuiteCRM',
    // Bitnami moved versioned tags to bitnamilegacy (no updates since Aug 2025); pin knowingly or build your own.
    image: 'docker.io/bitnamilegacy/suitecrm:8.8.1-debian-12-r3',
    port: 8080,
    runAs: { user: 1001, group: 1001, fsGroup: 1001 },
    dataRole: 'crm',
    dataMountPath: '/bitnami/suitecrm',
    dataSubPath: 'suitecrm',
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    probes: webProbes('/index.php', 600),
    env: (ctx) => [
      value('SUITECRM_DATABASE_HOST', ctx.databaseHost),
      value('SUITECRM_DATABASE_PORT_NUMBER', '3306'),
      value('SUITECRM_DATABASE_NAME', ctx.databaseName),
      value('SUITECRM_DATABASE_USER', ctx.databaseUser),
      secret('SUITECRM_DATABASE_PASSWORD', ctx.databaseSecret, 'password'),
      value('SUITECRM_HOST', ctx.host),
      value('SUITECRM_USERNAME', 'admin'),
      secret('SUITECRM_PASSWORD', ctx.adminSecret, 'password'),
      value('SUITECRM_SKIP_BOOTSTRAP', 'no'),
      value('APACHE_HTTP_PORT_NUMBER', '8080'),
    ],
    redis: false,
  },
  seeddms: {
    app: 'seeddms',
    displayName: 'SeedDMS',
    image: 'docker.io/nlippke/seeddms:6.0.23',
    port: 80,
    // Apache starts as root on port 80, then drops to www-data.
    runAs: 'root',
    dataRole: 'ged',
    dataMountPath: '/var/www/seeddms/data',
    dataSubPath: 'data',
    dataFolders: [{ subPath: 'conf', mountPath: '/var/www/seeddms/conf' }],
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    probes: webProbes('/', 300),
    env: () => [value('TZ', 'Etc/UTC'), value('FORCE_SSL', 'false')],
    // SeedDMS reads its database from conf/settings.xml, not the environment: keep conf/ on the data volume
    // (seeded from the image on first start) and point it at MariaDB before each start.
    configure: (ctx) => ({
      command: ['sh', '-c', [
        'mkdir -p /persist/conf /persist/data',
        '[ -f /persist/conf/settings.xml ] || cp -a /var/www/seeddms/conf/. /persist/conf/',
        'f=/persist/conf/settings.xml',
        '[ -f "$f" ] || exit 0',
        'sed -i -e "s|dbDriver=\\"[^\\"]*\\"|dbDriver=\\"mysql\\"|" -e "s|dbHostname=\\"[^\\"]*\\"|dbHostname=\\"$DB_HOST\\"|" -e "s|dbDatabase=\\"[^\\"]*\\"|dbDatabase=\\"$DB_NAME\\"|" -e "s|dbUser=\\"[^\\"]*\\"|dbUser=\\"$DB_USER\\"|" -e "s|dbPass=\\"[^\\"]*\\"|dbPass=\\"$DB_PASSWORD\\"|" "$f"',
      ].join('; ')],
      env: [value('DB_HOST', ctx.databaseHost), value('DB_NAME', ctx.databaseName), value('DB_USER', ctx.databaseUser), secret('DB_PASSWORD', ctx.databaseSecret, 'password')],
    }),
    redis: false,
  },
  owncloud: {
    app: 'owncloud',
    displayName: 'ownCloud',
    image: 'docker.io/owncloud/server:10.16.4',
    port: 8080,
    // "ownCloud does not support non-root containers" (its own chart): baseline namespace.
    runAs: 'root',
    dataRole: 'ged',
    dataMountPath: '/mnt/data',
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } },
    probes: webProbes('/status.php', 300),
    env: (ctx) => [
      value('OWNCLOUD_DOMAIN', ctx.host),
      value('OWNCLOUD_TRUSTED_DOMAINS', ctx.host),
      value('OWNCLOUD_DB_TYPE', 'mysql'),
      value('OWNCLOUD_DB_HOST', ctx.databaseHost),
      value('OWNCLOUD_DB_NAME', ctx.databaseName),
      value('OWNCLOUD_DB_USERNAME', ctx.databaseUser),
      secret('OWNCLOUD_DB_PASSWORD', ctx.databaseSecret, 'password'),
      value('OWNCLOUD_MYSQL_UTF8MB4', 'true'),
      value('OWNCLOUD_ADMIN_USERNAME', 'admin'),
      secret('OWNCLOUD_ADMIN_PASSWORD', ctx.adminSecret, 'password'),
      value('OWNCLOUD_REDIS_ENABLED', 'true'),
      value('OWNCLOUD_REDIS_HOST', ctx.redisHost ?? 'redis'),
      value('OWNCLOUD_REDIS_PORT', '6379'),
      value('OWNCLOUD_OVERWRITE_PROTOCOL', 'https'),
    ],
    redis: true,
  },
};

export const MARIADB_IMAGE = 'docker.io/library/mariadb:10.11.10';
export const REDIS_IMAGE = 'docker.io/library/redis:7.4.2';
