/**
 * The HelpManager (seed 000): namespace `helperiance-manager` with the `app`
 * Deployment that provisions, pauses and removes marketplace bricks, its
 * Cassandra (`cassandra`, data in the existing claim `cassandra-pvc`) and the
 * CronJob `delete-helperiance-pod-daily` that recycles the app's pods.
 */
import { PlatformChart } from './platform-chart.js';
import type { Construct } from 'constructs';
import {
  ApiAccess, DeclaredSecret, MANAGED_BY, NetworkAllowance, PodRecycler, StatefulService, TenantNamespace, WebService,
  bytes, execProbe, formatBytes, selectorLabels, startupBudget, tcpProbe, type AccessRule, type AppIdentity, type ContainerResources,
} from '../../constructs/index.js';
import { PodMonitor } from '../../imports/monitoring-monitoring.coreos.com.js';
import { HELPMANAGER_NAMESPACE } from '../platform/naming.js';
import type { HelpManagerSettings, Platform } from '../platform/schema.js';
import { env } from './identity.js';
import { MANAGE_VERBS } from './provisioning-rules.js';

export interface HelpManagerChartProps {
  /** A platform with a `helpManager` section. */
  readonly platform: Platform;
}

export const HELPMANAGER_PRODUCT = 'helpmanager';
export const HELPMANAGER_APP = 'app';
export const HELPMANAGER_SECRET = 'app-secrets';
export const HELPMANAGER_SERVICE_ACCOUNT = 'helperiance-manager';
export const POD_RECYCLER = 'delete-helperiance-pod-daily';
/** Seed 000 names the claim; existing data lives in it, so it must never be renamed. */
export const CASSANDRA_PVC = 'cassandra-pvc';
export const CASSANDRA_PORT = 9042;
/** Assumption: seed 000 names no port or health endpoint for the app; 8080 is the usual Java HTTP port. */
export const HELPMANAGER_PORT = 8080;
/** Assumption: seed 000 names no metrics endpoint. */
export const HELPMANAGER_METRICS_PATH = '/metrics';
/** Seed 000: the app runs the bash automation in `/app/kube-deploy/builder`. */
export const KUBE_DEPLOY_PATH = '/app/kube-deploy';
/**
 * Cassandra refuses to start when the configured cluster name differs from the
 * one saved in its data; the image's default, kept for the data in cassandra-pvc.
 */
export const CASSANDRA_CLUSTER_NAME = 'Test Cluster';
/** SimpleSnitch (the image's default) puts the node in `datacenter1`; changing the snitch or DC also stops a node with data. */
export const CASSANDRA_DATACENTER = 'datacenter1';

/** The official Cassandra image's `cassandra` user. */
const CASSANDRA_USER = { user: 999, group: 999, fsGroup: 999 } as const;
const APP_RESOURCES: ContainerResources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } };
/** Egress the app needs besides its settings' URLs and mail port: the Kubernetes API (Service 443, endpoints 6443). */
const KUBERNETES_API_PORTS = [443, 6443] as const;

/** Labels cdk8s puts on every object of the chart. */
export function helpManagerLabels(): Record<string, string> {
  return {
    'app.kubernetes.io/part-of': HELPMANAGER_PRODUCT,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/instance': HELPMANAGER_NAMESPACE,
  };
}

function helpManagerIdentity(name: string, component: string, image?: string): AppIdentity {
  return { name, component, instance: HELPMANAGER_NAMESPACE, partOf: HELPMANAGER_PRODUCT, version: image && imageTag(image) };
}

export class HelpManagerChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: HelpManagerChartProps) {
    super(scope, id, { namespace: HELPMANAGER_NAMESPACE, labels: helpManagerLabels() });
    const settings = props.platform.helpManager;
    if (!settings) throw new Error('the platform file has no helpManager section; the HelpManager chart needs one');
    const appIdentity = helpManagerIdentity('helperiance-manager', 'app', settings.image);
    const recyclerIdentity = helpManagerIdentity('pod-recycler', 'pod-recycler', settings.podRecycler.image);

    new TenantNamespace(this, 'Namespace', {
      name: HELPMANAGER_NAMESPACE,
      labels: helpManagerLabels(),
      podSecurity: 'restricted',
      allowances: [
        NetworkAllowance.dns(),
        NetworkAllowance.sameNamespace(),
        // SMTP, the DNS API, Memberpress, Git over HTTPS and the Kubernetes API.
        NetworkAllowance.egressToPorts('allow-app-egress', { matchLabels: selectorLabels(appIdentity) }, appEgressPorts(settings)),
        NetworkAllowance.egressToPorts('allow-pod-recycler-egress-api', { matchLabels: selectorLabels(recyclerIdentity) }, KUBERNETES_API_PORTS),
      ],
    });

    const secrets = new DeclaredSecret(this, 'Secrets', {
      name: HELPMANAGER_SECRET,
      namespace: HELPMANAGER_NAMESPACE,
      keys: [
        { key: 'mail-username', source: 'supplied', description: 'SMTP user of the mail server' },
        { key: 'mail-password', source: 'supplied', description: 'SMTP password of the mail server' },
        { key: 'dns-api-token', source: 'supplied', description: 'Token of the DNS API (helpManager.config.dnsApiUrl)' },
        { key: 'cassandra-username', source: 'supplied', description: 'Cassandra user of the app' },
        { key: 'cassandra-password', source: 'supplied', description: 'Cassandra password of the app' },
        { key: 'memberpress-api-key', source: 'supplied', description: 'Memberpress REST API key (helpManager.config.memberpressUrl)' },
        { key: 'git-deploy-token', source: 'supplied', description: 'Token that pushes brick manifests to helpManager.config.gitRepository' },
        { key: 'helpmanager-api-token', source: 'supplied', description: 'Token callers of the HelpManager API present' },
      ],
    });

    const cassandra = this.addCassandra(settings);

    const access = new ApiAccess(this, 'BrickAccess', {
      name: HELPMANAGER_SERVICE_ACCOUNT,
      namespace: HELPMANAGER_NAMESPACE,
      rules: BRICK_MANAGEMENT_RULES,
      // Bricks are namespaces the app creates ({customer}-{app}, label helpmanager.io/brick: "true"): RBAC cannot select them by label.
      clusterWide: true,
    });

    const { config } = settings;
    new WebService(this, 'App', {
      name: HELPMANAGER_APP,
      identity: appIdentity,
      image: settings.image,
      port: HELPMANAGER_PORT,
      replicas: settings.replicas,
      resources: settings.resources ?? APP_RESOURCES,
      probes: {
        startup: startupBudget(tcpProbe('http'), 180),
        liveness: tcpProbe('http', { periodSeconds: 20 }),
        readiness: tcpProbe('http'),
      },
      serviceAccountName: access.serviceAccountName,
      // Manages bricks through the Kubernetes API.
      automountServiceAccountToken: true,
      mounts: [
        // An empty working copy that the app fills from Git (seed 000's kube-deploy repository with its builder scripts).
        { name: 'kube-deploy', mountPath: KUBE_DEPLOY_PATH, source: { emptyDir: true } },
      ],
      env: [
        // git and bash write their configuration under $HOME; the root file system is read-only.
        env('HOME', '/tmp'),
        env('KUBE_DEPLOY_DIR', KUBE_DEPLOY_PATH),
        env('CASSANDRA_HOST', cassandra.name),
        env('CASSANDRA_PORT', String(CASSANDRA_PORT)),
        env('CASSANDRA_LOCAL_DATACENTER', CASSANDRA_DATACENTER),
        secrets.envVar('CASSANDRA_USERNAME', 'cassandra-username'),
        secrets.envVar('CASSANDRA_PASSWORD', 'cassandra-password'),
        env('MAIL_HOST', config.mailHost),
        env('MAIL_PORT', String(config.mailPort)),
        env('MAIL_FROM', config.mailFrom),
        secrets.envVar('MAIL_USERNAME', 'mail-username'),
        secrets.envVar('MAIL_PASSWORD', 'mail-password'),
        env('DNS_API_URL', config.dnsApiUrl),
        secrets.envVar('DNS_API_TOKEN', 'dns-api-token'),
        env('MEMBERPRESS_URL', config.memberpressUrl),
        secrets.envVar('MEMBERPRESS_API_KEY', 'memberpress-api-key'),
        env('GIT_REPOSITORY', config.gitRepository),
        env('GIT_BRANCH', config.gitBranch),
        secrets.envVar('GIT_TOKEN', 'git-deploy-token'),
        secrets.envVar('HELPMANAGER_API_TOKEN', 'helpmanager-api-token'),
      ],
    });

    new PodRecycler(this, 'PodRecycler', {
      name: POD_RECYCLER,
      namespace: HELPMANAGER_NAMESPACE,
      identity: recyclerIdentity,
      podSelector: selectorLabels(appIdentity),
      schedule: settings.podRecycler.schedule,
      timeZone: 'Etc/UTC',
      image: settings.podRecycler.image,
    });

    if (settings.podMonitor) {
      new PodMonitor(this, 'PodMonitor', {
        metadata: { name: HELPMANAGER_APP },
        spec: { selector: { matchLabels: selectorLabels(appIdentity) }, podMetricsEndpoints: [{ port: 'http', path: HELPMANAGER_METRICS_PATH }] },
      });
    }
  }

  private addCassandra(settings: HelpManagerSettings): StatefulService {
    const { cassandra } = settings;
    const heap = heapBytes(cassandra.maxHeapSize);
    const resources = cassandra.resources ?? {
      // Off-heap memtables, direct buffers and nodetool's own JVM need about as much again as the heap.
      requests: { cpu: '500m', memory: formatBytes(2 * heap) },
      limits: { cpu: '2', memory: formatBytes(2 * heap) },
    };
    if (bytes(resources.limits.memory) <= heap) {
      throw new Error(`helpManager.cassandra.resources.limits.memory "${resources.limits.memory}" must exceed maxHeapSize "${cassandra.maxHeapSize}" (about twice the heap)`);
    }
    return new StatefulService(this, 'Cassandra', {
      name: 'cassandra',
      identity: helpManagerIdentity('cassandra', 'database', cassandra.image),
      // Seed 000 runs a Deployment on the existing claim cassandra-pvc; the construct sets Recreate (one writer).
      workload: 'Deployment',
      replicas: 1,
      runAs: CASSANDRA_USER,
      // `nodetool drain` flushes memtables before the process stops.
      terminationGracePeriodSeconds: 180,
      claims: [{ name: CASSANDRA_PVC, size: cassandra.storage, storageClass: cassandra.storageClass, mountPath: '/var/lib/cassandra' }],
      servicePorts: [{ name: 'cql', port: CASSANDRA_PORT }],
      container: {
        name: 'cassandra',
        image: cassandra.image,
        ports: [{ name: 'cql', port: CASSANDRA_PORT }],
        env: [
          env('CASSANDRA_CLUSTER_NAME', CASSANDRA_CLUSTER_NAME),
          env('CASSANDRA_ENDPOINT_SNITCH', 'SimpleSnitch'),
          // G1 (the JDK 17 default of Cassandra 5) sizes the young generation itself: HEAP_NEWSIZE stays unset.
          env('MAX_HEAP_SIZE', cassandra.maxHeapSize),
          { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
        ],
        resources,
        probes: {
          // The native transport (9042) opens last, once commit logs are replayed; NFS makes that slow.
          startup: startupBudget(tcpProbe('cql'), 900),
          // Ready when this node reports itself Up/Normal. Each nodetool call starts a JVM: generous period and timeout.
          readiness: execProbe(['/bin/bash', '-c', 'nodetool status | grep -qE "^UN\\s+${POD_IP}\\s"'], { periodSeconds: 30, timeoutSeconds: 30, failureThreshold: 3 }),
          // Only a process that stopped listening is restarted: a database busy compacting must not be killed.
          liveness: tcpProbe('cql', { periodSeconds: 20, failureThreshold: 6 }),
        },
        // The entrypoint edits /etc/cassandra/cassandra.yaml in place.
        readOnlyRootFilesystem: false,
        lifecycle: { preStop: { exec: { command: ['nodetool', 'drain'] } } },
      },
    });
  }
}

/** What the app does to brick namespaces and the objects of a brick; pods are only read, workloads scaled to pause. */
export const BRICK_MANAGEMENT_RULES: readonly AccessRule[] = [
  { apiGroups: [''], resources: ['configmaps', 'limitranges', 'namespaces', 'persistentvolumeclaims', 'resourcequotas', 'secrets', 'services'], verbs: MANAGE_VERBS },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: MANAGE_VERBS },
  { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['patch'] },
  { apiGroups: ['batch'], resources: ['cronjobs'], verbs: MANAGE_VERBS },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: MANAGE_VERBS },
  { apiGroups: ['cert-manager.io'], resources: ['certificates'], verbs: MANAGE_VERBS },
];

/** The Kubernetes API, the mail port and the ports of the DNS API, Memberpress and Git URLs. */
function appEgressPorts(settings: HelpManagerSettings): number[] {
  const { config } = settings;
  const urlPorts = [config.dnsApiUrl, config.memberpressUrl, config.gitRepository].map(urlPort);
  return [...new Set([...KUBERNETES_API_PORTS, config.mailPort, ...urlPorts])].sort((a, b) => a - b);
}

function urlPort(url: string): number {
  const parsed = new URL(url);
  if (parsed.port) return Number(parsed.port);
  return parsed.protocol === 'http:' ? 80 : 443;
}

/** `1G` / `512M` as the JVM reads them (binary units). */
function heapBytes(size: string): number {
  const match = /^(\d+)([MG])$/.exec(size);
  if (!match) throw new Error(`helpManager.cassandra.maxHeapSize "${size}" is not a JVM heap size such as 512M or 1G`);
  return Number(match[1]) * (match[2] === 'G' ? 2 ** 30 : 2 ** 20);
}

function imageTag(image: string): string | undefined {
  const name = image.slice(image.lastIndexOf('/') + 1);
  if (name.includes('@')) return undefined;
  const colon = name.indexOf(':');
  return colon < 0 ? undefined : name.slice(colon + 1);
}
