/**
 * An Iotistic IoT customer instance (seed 002): namespace `customer-{id}` with
 * its own PostgreSQL and Mosquitto (StatefulSets), the API, the dashboard and
 * the billing exporter, a fixed ResourceQuota, default-deny networking, and
 * `{id}.{customers.domain}` behind TLS. A paused instance keeps its data,
 * Secrets and Certificate but runs nothing and is not routed.
 */
import { PlatformChart } from './platform-chart.js';
import { createHash } from 'node:crypto';
import type { Construct } from 'constructs';
import {
  DeclaredSecret, NetworkAllowance, PublicIngress, StatefulService, TenantNamespace, TlsCertificate, WebService,
  execProbe, httpGetProbe, k8s, recommendedLabels, startupBudget, tcpProbe, type ContainerResources, type ProbeSet,
} from '../../constructs/index.js';
import { customerNamespace } from '../platform/naming.js';
import type { CustomerConfig, CustomersSettings, Platform } from '../platform/schema.js';
import { env, ingressController } from './identity.js';
import { imageVersion, iotisticChartLabels, iotisticIdentity } from './iotistic.js';

export interface CustomerChartProps {
  readonly platform: Platform;
  /** One of `platform.customers.instances`. */
  readonly customer: CustomerConfig;
}

export const POSTGRES_PORT = 5432;
export const MQTT_PORT = 1883;
export const MQTT_WEBSOCKETS_PORT = 9001;
export const CUSTOMER_API_PORT = 3001;
/** The dashboard listens unprivileged (nginx-unprivileged style); its Service keeps seed 002's port 80. */
export const DASHBOARD_PORT = 8080;
export const DASHBOARD_SERVICE_PORT = 80;
export const EXPORTER_PORT = 9090;

/** Database and role the API and the exporter use (seed 002 names none). */
export const CUSTOMER_DATABASE = 'iotistic';
/** MQTT user of the API; must be in the supplied password file. */
export const MQTT_API_USER = 'api';
export const LICENSE_KEY = 'IOTISTIC_LICENSE_KEY';
/** Mosquitto's data volume; the broker keeps little (retained messages, sessions). */
export const MOSQUITTO_STORAGE = '1Gi';

/** Seed 002's `resources` per workload. */
export const CUSTOMER_RESOURCES: Readonly<Record<'postgres' | 'mosquitto' | 'api' | 'dashboard' | 'exporter', ContainerResources>> = {
  postgres: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  mosquitto: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
  api: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  dashboard: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
  exporter: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
};

/**
 * Seed 002's `resourceQuota` (cpu "4", memory "4Gi", pvcs "5", services "10").
 * Kubernetes reads bare `cpu`/`memory` as requests only, which would let limits
 * add up past "4 cores"; we bound requests and limits with the same values so
 * the figure is a real ceiling (a container's requests never exceed its limits).
 * At its maximum (one surge pod per Deployment, one HTTP-01 solver) the
 * instance needs requests 1160m / 1280Mi and limits 2400m / 2496Mi, 2 claims and
 * 6 Services; TenantNamespace fails synthesis if that ever stops fitting.
 */
export const CUSTOMER_QUOTA: Readonly<Record<string, string>> = {
  'requests.cpu': '4',
  'limits.cpu': '4',
  'requests.memory': '4Gi',
  'limits.memory': '4Gi',
  persistentvolumeclaims: '5',
  services: '10',
};

/**
 * StatefulSet pods carry `controller-revision-hash: {name}-{hash}` (hash up to
 * 10 characters), a label value of at most 63 characters.
 */
const MAX_STATEFULSET_NAME = 52;

export interface CustomerNames {
  readonly namespace: string;
  readonly host: string;
  readonly postgres: string;
  readonly mosquitto: string;
  readonly mosquittoConfig: string;
  readonly api: string;
  readonly dashboard: string;
  readonly exporter: string;
  /** Seed 002's Secret with the license key (supplied). */
  readonly secrets: string;
  /** Generated database password. */
  readonly databaseSecret: string;
  /** Mosquitto password file and the API's MQTT password (supplied). */
  readonly mqttSecret: string;
  readonly certificate: string;
  readonly ingress: string;
}

/** Every name seed 002's commands rely on, and ours. */
export function customerNames(id: string, domain: string): CustomerNames {
  const namespace = customerNamespace(id);
  return {
    namespace,
    host: `${id}.${domain}`,
    postgres: `${namespace}-postgres`,
    mosquitto: `${namespace}-mosquitto`,
    mosquittoConfig: `${namespace}-mosquitto`,
    api: `${namespace}-api`,
    dashboard: `${namespace}-dashboard`,
    exporter: `${namespace}-exporter`,
    secrets: `${namespace}-secrets`,
    databaseSecret: `${namespace}-db-credentials`,
    mqttSecret: `${namespace}-mqtt`,
    certificate: `${namespace}-tls`,
    ingress: namespace,
  };
}

export interface MosquittoConfOptions {
  readonly mqttPort: number;
  readonly websocketsPort: number;
  readonly passwordFile: string;
  readonly persistenceLocation: string;
}

/**
 * mosquitto.conf for Mosquitto 2: without a `listener` it binds loopback only,
 * and without authentication it refuses clients, so both are spelled out.
 */
export function mosquittoConf(options: MosquittoConfOptions): string {
  return [
    '# Generated by saas-charts. Settings apply to every listener.',
    'per_listener_settings false',
    'allow_anonymous false',
    `password_file ${options.passwordFile}`,
    '',
    `listener ${options.mqttPort}`,
    'protocol mqtt',
    '',
    `listener ${options.websocketsPort}`,
    'protocol websockets',
    '',
    'persistence true',
    `persistence_location ${options.persistenceLocation}`,
    'autosave_interval 60',
    '',
    'log_dest stdout',
    'log_timestamp true',
    '',
  ].join('\n');
}

const MOSQUITTO_CONFIG_DIR = '/mosquitto/config';
const MOSQUITTO_SECRET_DIR = '/mosquitto/secrets';
const MOSQUITTO_DATA_DIR = '/mosquitto/data';
const POSTGRES_MOUNT = '/var/lib/postgresql/data';

/** Image users: postgres uid 999 (Debian; alpine's entrypoint maps it with nss_wrapper), mosquitto 1883, nginx-unprivileged 101. */
const POSTGRES_USER = { user: 999, fsGroup: 999 } as const;
const MOSQUITTO_USER = { user: 1883 } as const;
const DASHBOARD_USER = { user: 101 } as const;
const APP_USER = { user: 10001 } as const;

export class CustomerChart extends PlatformChart {
  readonly names: CustomerNames;

  constructor(scope: Construct, id: string, props: CustomerChartProps) {
    const settings = customersSettings(props.platform);
    const names = customerNames(props.customer.id, settings.domain);
    super(scope, id, { namespace: names.namespace, labels: iotisticChartLabels(names.namespace) });
    this.names = names;
    for (const name of [names.postgres, names.mosquitto]) {
      if (name.length > MAX_STATEFULSET_NAME) {
        throw new Error(`customer "${props.customer.id}": StatefulSet name "${name}" is ${name.length} characters; at most ${MAX_STATEFULSET_NAME} so that its pods' controller-revision-hash label fits 63`);
      }
    }
    const { customer } = props;
    const { global } = props.platform;
    const controller = ingressController(global);
    const running = customer.state === 'running';
    const replicas = running ? 1 : 0;
    const instance = names.namespace;

    new TenantNamespace(this, 'Namespace', {
      name: names.namespace,
      labels: {
        ...iotisticChartLabels(instance),
        'iotistic.io/namespace-type': 'customer',
        'iotistic.io/customer-id': customer.id,
        'iotistic.io/state': customer.state,
      },
      annotations: { 'iotistic.io/company-name': customer.companyName, 'iotistic.io/customer-email': customer.email },
      podSecurity: 'restricted',
      quota: { fixed: CUSTOMER_QUOTA },
      // cert-manager answers the HTTP-01 challenge of {id}.{domain} with a solver pod and Service in this namespace.
      quotaHeadroom: { acmeSolvers: 1 },
      allowances: [
        NetworkAllowance.dns(),
        NetworkAllowance.sameNamespace(),
        NetworkAllowance.fromIngressController(controller, ['dashboard', 'api'], [DASHBOARD_PORT, CUSTOMER_API_PORT]),
        NetworkAllowance.acmeHttp01Solver(controller),
        NetworkAllowance.egressToPorts('allow-egress-http-https', {}, [80, 443]),
      ],
    });

    const licenseSecret = new DeclaredSecret(this, 'Secrets', {
      name: names.secrets,
      namespace: names.namespace,
      keys: [{ key: LICENSE_KEY, source: 'supplied', description: 'Iotistic license (JWT) issued by the billing service' }],
    });
    const databaseSecret = new DeclaredSecret(this, 'DatabaseSecret', {
      name: names.databaseSecret,
      namespace: names.namespace,
      keys: [{ key: 'password', source: 'generated', description: `Password of the PostgreSQL role ${CUSTOMER_DATABASE}` }],
    });
    const mqttSecret = new DeclaredSecret(this, 'MqttSecret', {
      name: names.mqttSecret,
      namespace: names.namespace,
      keys: [
        { key: 'passwd', source: 'supplied', description: `Mosquitto password file (mosquitto_passwd format): user "${MQTT_API_USER}" with the password in api-password, plus the device users` },
        { key: 'api-password', source: 'supplied', description: `Clear-text MQTT password of user "${MQTT_API_USER}", as hashed in passwd` },
      ],
    });

    // No version label on the StatefulSets: StatefulService copies labels into volumeClaimTemplates, which the API
    // server never lets change, so an image upgrade would be rejected.
    const postgresImage = settings.images.postgres;
    const pgIsReady = ['pg_isready', '--host=127.0.0.1', `--port=${POSTGRES_PORT}`, `--username=${CUSTOMER_DATABASE}`, `--dbname=${CUSTOMER_DATABASE}`];
    const postgres = new StatefulService(this, 'Postgres', {
      name: names.postgres,
      identity: iotisticIdentity('postgres', 'database', instance),
      replicas,
      runAs: POSTGRES_USER,
      // Shutdown waits for the preStop fast stop; Kubernetes sends SIGTERM (smart shutdown), not the image's SIGINT.
      terminationGracePeriodSeconds: 60,
      claims: [{ name: 'postgres-data', size: settings.postgresStorage, mountPath: POSTGRES_MOUNT, storageClass: settings.storageClass }],
      container: {
        name: 'postgres',
        image: postgresImage,
        ports: [{ name: 'postgres', port: POSTGRES_PORT }],
        env: [
          env('POSTGRES_USER', CUSTOMER_DATABASE),
          env('POSTGRES_DB', CUSTOMER_DATABASE),
          // A sub-directory: the volume's root holds lost+found, which initdb refuses.
          env('PGDATA', `${POSTGRES_MOUNT}/pgdata`),
          databaseSecret.envVar('POSTGRES_PASSWORD', 'password'),
        ],
        resources: CUSTOMER_RESOURCES.postgres,
        probes: {
          // pg_isready over TCP: the entrypoint's temporary init server listens on the socket only, so init is "not ready".
          startup: startupBudget(execProbe(pgIsReady, { timeoutSeconds: 5 }), 300),
          liveness: execProbe(pgIsReady, { periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 }),
          readiness: execProbe(pgIsReady, { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
        },
        lifecycle: { preStop: { exec: { command: ['pg_ctl', 'stop', `--pgdata=${POSTGRES_MOUNT}/pgdata`, '--mode=fast', '--wait', '--timeout=50'] } } },
        // Read-only root: the socket and lock live in /var/run/postgresql, nss_wrapper's passwd in /tmp.
        mounts: [
          { name: 'tmp', mountPath: '/tmp', source: { emptyDir: true } },
          { name: 'run', mountPath: '/var/run/postgresql', source: { emptyDir: true } },
        ],
      },
    });

    const conf = mosquittoConf({
      mqttPort: MQTT_PORT,
      websocketsPort: MQTT_WEBSOCKETS_PORT,
      passwordFile: `${MOSQUITTO_SECRET_DIR}/passwd`,
      persistenceLocation: `${MOSQUITTO_DATA_DIR}/`,
    });
    const mosquittoImage = settings.images.mosquitto;
    const mosquittoIdentity = iotisticIdentity('mosquitto', 'broker', instance);
    new k8s.KubeConfigMap(this, 'MosquittoConfig', {
      metadata: { name: names.mosquittoConfig, labels: recommendedLabels(mosquittoIdentity) },
      data: { 'mosquitto.conf': conf },
    });
    const mosquitto = new StatefulService(this, 'Mosquitto', {
      name: names.mosquitto,
      identity: mosquittoIdentity,
      replicas,
      runAs: MOSQUITTO_USER,
      // A changed mosquitto.conf rolls the broker; Mosquitto reads it only at start.
      podAnnotations: { 'iotistic.io/config-sha256': createHash('sha256').update(conf).digest('hex') },
      claims: [{ name: 'mosquitto-data', size: MOSQUITTO_STORAGE, mountPath: MOSQUITTO_DATA_DIR, storageClass: settings.storageClass }],
      container: {
        name: 'mosquitto',
        image: mosquittoImage,
        args: ['/usr/sbin/mosquitto', '-c', `${MOSQUITTO_CONFIG_DIR}/mosquitto.conf`],
        ports: [{ name: 'mqtt', port: MQTT_PORT }, { name: 'websockets', port: MQTT_WEBSOCKETS_PORT }],
        resources: CUSTOMER_RESOURCES.mosquitto,
        probes: {
          liveness: tcpProbe('mqtt', { periodSeconds: 15, failureThreshold: 4 }),
          readiness: tcpProbe('mqtt'),
        },
        mounts: [
          { name: 'config', mountPath: MOSQUITTO_CONFIG_DIR, source: { configMapName: names.mosquittoConfig } },
          { name: 'passwords', mountPath: MOSQUITTO_SECRET_DIR, source: { secretName: names.mqttSecret, items: [{ key: 'passwd', path: 'passwd' }] } },
        ],
      },
    });

    const databaseEnv = [
      env('DB_HOST', postgres.name),
      env('DB_PORT', String(POSTGRES_PORT)),
      env('DB_NAME', CUSTOMER_DATABASE),
      env('DB_USER', CUSTOMER_DATABASE),
      databaseSecret.envVar('DB_PASSWORD', 'password'),
    ];

    // Health paths are our assumption: seed 002 names none (API /health, dashboard /, exporter /metrics).
    const apiImage = settings.images.api;
    const api = new WebService(this, 'Api', {
      name: names.api,
      identity: iotisticIdentity('iotistic-api', 'api', instance, imageVersion(apiImage)),
      image: apiImage,
      port: CUSTOMER_API_PORT,
      replicas,
      resources: CUSTOMER_RESOURCES.api,
      health: { livenessPath: '/health', readinessPath: '/health' },
      runAs: APP_USER,
      env: [
        env('NODE_ENV', 'production'),
        env('PORT', String(CUSTOMER_API_PORT)),
        env('CUSTOMER_ID', customer.id),
        ...databaseEnv,
        env('MQTT_BROKER_URL', `mqtt://${mosquitto.address('mqtt')}`),
        env('MQTT_USERNAME', MQTT_API_USER),
        mqttSecret.envVar('MQTT_PASSWORD', 'api-password'),
        licenseSecret.envVar(LICENSE_KEY, LICENSE_KEY),
      ],
    });

    const dashboardImage = settings.images.dashboard;
    const dashboard = new WebService(this, 'Dashboard', {
      name: names.dashboard,
      identity: iotisticIdentity('iotistic-dashboard', 'dashboard', instance, imageVersion(dashboardImage)),
      image: dashboardImage,
      port: DASHBOARD_PORT,
      servicePort: DASHBOARD_SERVICE_PORT,
      replicas,
      resources: CUSTOMER_RESOURCES.dashboard,
      health: { livenessPath: '/', readinessPath: '/' },
      runAs: DASHBOARD_USER,
      // nginx-unprivileged keeps its pid and temp files under /tmp.
      writablePaths: ['/tmp'],
    });

    const exporterImage = settings.images.exporter;
    new WebService(this, 'Exporter', {
      name: names.exporter,
      identity: iotisticIdentity('iotistic-billing-exporter', 'exporter', instance, imageVersion(exporterImage)),
      image: exporterImage,
      port: EXPORTER_PORT,
      replicas,
      resources: CUSTOMER_RESOURCES.exporter,
      probes: exporterProbes(),
      runAs: APP_USER,
      env: [env('PORT', String(EXPORTER_PORT)), env('CUSTOMER_ID', customer.id), ...databaseEnv],
    });

    // Kept while paused: re-issuing on resume would spend Let's Encrypt quota and delay the first request.
    const certificate = new TlsCertificate(this, 'Certificate', {
      name: names.certificate,
      dnsNames: [names.host],
      clusterIssuer: global.tls.issuer,
    });

    if (!running) return;
    // No cert-manager ingress-shim annotation: the Certificate above owns the Secret.
    // `/metrics` is not routed: the exporter stays internal (seed 002).
    new PublicIngress(this, 'Ingress', {
      name: names.ingress,
      className: global.ingress.className,
      hosts: [names.host],
      paths: [
        { path: '/', serviceName: dashboard.name, servicePort: dashboard.servicePort },
        { path: '/api', serviceName: api.name, servicePort: api.servicePort },
      ],
      tls: [{ hosts: [names.host], secretName: certificate.secretName }],
      externalDns: global.ingress.externalDns,
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '50m' },
    });
  }
}

function customersSettings(platform: Platform): CustomersSettings {
  if (!platform.customers) throw new Error('the platform file has no customers section; a customer instance needs customers.domain and customers.images');
  return platform.customers;
}

/** The exporter's /metrics may query the database on every call, so it is probed sparingly. */
function exporterProbes(): ProbeSet {
  return {
    startup: httpGetProbe('/metrics', 'http', { periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 12 }),
    liveness: httpGetProbe('/metrics', 'http', { periodSeconds: 60, timeoutSeconds: 10, failureThreshold: 3 }),
    readiness: httpGetProbe('/metrics', 'http', { periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 }),
  };
}
