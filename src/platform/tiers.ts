/**
 * Tier presets, as DESIGN.md decides where the seeds disagree: professional and
 * enterprise from seed 001's values/professional.yaml and values/enterprise.yaml;
 * demo and free from seed 003's table (which gives memory only: the CPU figures
 * are ours). Backups: professional daily kept 7 days, enterprise hourly kept
 * 30 days, demo and free none.
 */
import type { ResourceSettings } from './fields.js';
import type { Tier } from './schema.js';

export interface WorkloadPreset {
  readonly replicas: number;
  readonly resources: ResourceSettings;
}

export interface DatabasePreset {
  readonly instances: number;
  readonly storage: string;
  readonly resources: ResourceSettings;
}

export interface BackupPreset {
  /** Six-field cron, seconds first. */
  readonly schedule: string;
  readonly retention: string;
}

export interface TierPreset {
  readonly api: WorkloadPreset;
  readonly web: WorkloadPreset;
  readonly database: DatabasePreset;
  readonly backup?: BackupPreset;
}

export const resourcesOf = (requestCpu: string, requestMemory: string, limitCpu: string, limitMemory: string): ResourceSettings => ({
  requests: { cpu: requestCpu, memory: requestMemory },
  limits: { cpu: limitCpu, memory: limitMemory },
});

export const TIER_PRESETS: Readonly<Record<Tier, TierPreset>> = {
  demo: {
    api: { replicas: 1, resources: resourcesOf('100m', '128Mi', '250m', '256Mi') },
    web: { replicas: 1, resources: resourcesOf('100m', '128Mi', '250m', '256Mi') },
    database: { instances: 1, storage: '5Gi', resources: resourcesOf('100m', '128Mi', '250m', '256Mi') },
  },
  free: {
    api: { replicas: 1, resources: resourcesOf('250m', '256Mi', '500m', '512Mi') },
    web: { replicas: 1, resources: resourcesOf('250m', '256Mi', '500m', '512Mi') },
    database: { instances: 1, storage: '10Gi', resources: resourcesOf('250m', '256Mi', '500m', '512Mi') },
  },
  professional: {
    api: { replicas: 2, resources: resourcesOf('1000m', '2Gi', '2000m', '4Gi') },
    web: { replicas: 2, resources: resourcesOf('500m', '1Gi', '1000m', '2Gi') },
    database: { instances: 2, storage: '50Gi', resources: resourcesOf('500m', '1Gi', '1000m', '2Gi') },
    backup: { schedule: '0 0 2 * * *', retention: '7d' },
  },
  enterprise: {
    api: { replicas: 3, resources: resourcesOf('2000m', '4Gi', '4000m', '8Gi') },
    web: { replicas: 3, resources: resourcesOf('1000m', '2Gi', '2000m', '4Gi') },
    database: { instances: 3, storage: '200Gi', resources: resourcesOf('1000m', '2Gi', '2000m', '4Gi') },
    backup: { schedule: '0 0 * * * *', retention: '30d' },
  },
};

/** The shared free tier (seed 001 mechanicbuddy-free-tier/values.yaml). */
export const FREE_TIER_RESOURCES = {
  api: resourcesOf('1000m', '2Gi', '2000m', '4Gi'),
  web: resourcesOf('500m', '1Gi', '1000m', '2Gi'),
} as const;

/** The management system; the seeds give no figures, these are ours. */
export const SYSTEM_RESOURCES = {
  managementApi: resourcesOf('250m', '512Mi', '1000m', '1Gi'),
  managementPortal: resourcesOf('100m', '256Mi', '500m', '512Mi'),
  database: resourcesOf('500m', '1Gi', '1000m', '2Gi'),
  backup: { schedule: '0 0 3 * * *', retention: '30d' },
} as const;
