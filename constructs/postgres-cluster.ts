/**
 * A PostgreSQL cluster run by CloudNativePG. Backups go through the Barman
 * Cloud plugin (ObjectStore + `spec.plugins` + ScheduledBackup `method:
 * plugin`): the in-tree `barmanObjectStore` is deprecated and removed in 1.31.
 * CNPG generates the `{name}-app` Secret, so no password is ever synthesized.
 */
import { Construct } from 'constructs';
import { ObjectStore, ObjectStoreSpecConfigurationDataCompression, ObjectStoreSpecConfigurationWalCompression } from '../imports/barmancloud-barmancloud.cnpg.io.js';
import {
  Cluster, ClusterSpecPrimaryUpdateMethod, ClusterSpecPrimaryUpdateStrategy, ClusterSpecResourcesLimits, ClusterSpecResourcesRequests,
  ScheduledBackup, ScheduledBackupSpecBackupOwnerReference, ScheduledBackupSpecMethod,
} from '../imports/cnpg-postgresql.cnpg.io.js';
import { PodMonitor } from '../imports/monitoring-monitoring.coreos.com.js';
import { recommendedLabels, type AppIdentity } from './labels.js';
import { assertDnsLabel } from './names.js';
import { KEEP_ANNOTATIONS } from './persistent-claim.js';
import { isQuantity } from './quantity.js';
import type { ContainerResources } from './resources.js';

/** The plugin name the Barman Cloud plugin registers with the operator. */
export const BARMAN_CLOUD_PLUGIN = 'barman-cloud.cloudnative-pg.io';

export interface ObjectStoreSettings {
  /** e.g. `s3://bucket/tenants/acme/` */
  readonly destinationPath: string;
  /** @default - AWS S3 */
  readonly endpointURL?: string;
  /** Secret with keys ACCESS_KEY_ID and ACCESS_SECRET_KEY. */
  readonly credentialsSecret: string;
}

export interface BackupSettings {
  /** Six-field cron, seconds first (robfig/cron), e.g. `0 0 2 * * *`. */
  readonly schedule: string;
  /** e.g. `7d`, `30d`. */
  readonly retention: string;
  readonly objectStore: ObjectStoreSettings;
}

export interface PostgresClusterProps {
  /** Cluster name; CNPG derives `{name}-rw`, `{name}-app`, pods `{name}-1`... */
  readonly name: string;
  readonly identity: AppIdentity;
  /** @default 1 */
  readonly instances?: number;
  /** Operand image with a pinned PostgreSQL version. */
  readonly imageName: string;
  readonly storage: { readonly size: string; readonly storageClass?: string };
  readonly resources: ContainerResources;
  /** Database and owner created at bootstrap. */
  readonly database: string;
  /** @default - no backups */
  readonly backup?: BackupSettings;
  /** @default false */
  readonly podMonitor?: boolean;
}

export class PostgresCluster extends Construct {
  readonly name: string;
  readonly cluster: Cluster;
  readonly objectStore?: ObjectStore;
  readonly scheduledBackup?: ScheduledBackup;

  constructor(scope: Construct, id: string, props: PostgresClusterProps) {
    super(scope, id);
    validate(props);
    this.name = props.name;
    const instances = props.instances ?? 1;
    const labels = recommendedLabels(props.identity);
    const objectStoreName = `${props.name}-backups`;

    this.cluster = new Cluster(this, 'Resource', {
      metadata: { name: props.name, labels, annotations: { ...KEEP_ANNOTATIONS } },
      spec: {
        instances,
        imageName: props.imageName,
        primaryUpdateStrategy: ClusterSpecPrimaryUpdateStrategy.UNSUPERVISED,
        primaryUpdateMethod: instances > 1 ? ClusterSpecPrimaryUpdateMethod.SWITCHOVER : ClusterSpecPrimaryUpdateMethod.RESTART,
        // A PDB on a single instance blocks every node drain (CNPG API docs).
        enablePdb: instances > 1,
        storage: { size: props.storage.size, storageClass: props.storage.storageClass, resizeInUseVolumes: true },
        resources: {
          requests: { cpu: ClusterSpecResourcesRequests.fromString(props.resources.requests.cpu), memory: ClusterSpecResourcesRequests.fromString(props.resources.requests.memory) },
          limits: { cpu: ClusterSpecResourcesLimits.fromString(props.resources.limits.cpu), memory: ClusterSpecResourcesLimits.fromString(props.resources.limits.memory) },
        },
        bootstrap: { initdb: { database: props.database, owner: props.database, dataChecksums: true } },
        enableSuperuserAccess: false,
        affinity: { enablePodAntiAffinity: instances > 1, topologyKey: 'kubernetes.io/hostname' },
        inheritedMetadata: { labels },
        plugins: props.backup ? [{ name: BARMAN_CLOUD_PLUGIN, isWalArchiver: true, parameters: { barmanObjectName: objectStoreName } }] : undefined,
      },
    });

    if (props.backup) {
      const store = props.backup.objectStore;
      this.objectStore = new ObjectStore(this, 'ObjectStore', {
        metadata: { name: objectStoreName, labels },
        spec: {
          retentionPolicy: props.backup.retention,
          configuration: {
            destinationPath: store.destinationPath,
            endpointUrl: store.endpointURL,
            s3Credentials: {
              accessKeyId: { name: store.credentialsSecret, key: 'ACCESS_KEY_ID' },
              secretAccessKey: { name: store.credentialsSecret, key: 'ACCESS_SECRET_KEY' },
            },
            wal: { compression: ObjectStoreSpecConfigurationWalCompression.GZIP },
            data: { compression: ObjectStoreSpecConfigurationDataCompression.GZIP },
          },
        },
      });
      this.scheduledBackup = new ScheduledBackup(this, 'ScheduledBackup', {
        metadata: { name: `${props.name}-scheduled`, labels },
        spec: {
          schedule: props.backup.schedule,
          cluster: { name: props.name },
          method: ScheduledBackupSpecMethod.PLUGIN,
          pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
          backupOwnerReference: ScheduledBackupSpecBackupOwnerReference.SELF,
          immediate: true,
        },
      });
    }

    if (props.podMonitor) {
      new PodMonitor(this, 'PodMonitor', {
        metadata: { name: props.name, labels },
        spec: { selector: { matchLabels: { 'cnpg.io/cluster': props.name } }, podMetricsEndpoints: [{ port: 'metrics' }] },
      });
    }
  }

  /** The read-write Service host (the primary), e.g. `tenant-acme-postgresql-rw`. */
  get readWriteHost(): string {
    return `${this.name}-rw`;
  }

  /** The Secret CNPG generates for the application owner (keys host, port, dbname, username, password, uri...). */
  get appSecretName(): string {
    return `${this.name}-app`;
  }
}

function validate(props: PostgresClusterProps): void {
  assertDnsLabel(props.name, 'postgres cluster name');
  const instances = props.instances ?? 1;
  if (!Number.isInteger(instances) || instances < 1) throw new Error(`postgres cluster "${props.name}": instances ${instances} must be a positive integer`);
  if (!isQuantity(props.storage.size)) throw new Error(`postgres cluster "${props.name}": storage size "${props.storage.size}" is not a Kubernetes quantity`);
  if (/:latest$/.test(props.imageName) || !props.imageName.includes(':')) {
    throw new Error(`postgres cluster "${props.name}": imageName "${props.imageName}" must pin a PostgreSQL version (CNPG rejects "latest")`);
  }
  if (props.backup && props.backup.schedule.trim().split(/\s+/).length !== 6) {
    throw new Error(`postgres cluster "${props.name}": backup schedule "${props.backup.schedule}" must have six fields, seconds first (e.g. "0 0 2 * * *")`);
  }
  if (props.backup && !/^[1-9][0-9]*[dwm]$/.test(props.backup.retention)) {
    throw new Error(`postgres cluster "${props.name}": retention "${props.backup.retention}" must look like 7d, 4w or 6m`);
  }
}
