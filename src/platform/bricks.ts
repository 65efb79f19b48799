/** Resolved brick plans: sizes from platform defaults and per-brick overrides, host from the pattern. */
import { brickNamespace } from './naming.js';
import type { BrickAppName, BrickConfig, BricksSettings, Platform } from './schema.js';

export interface BrickPlan {
  readonly customer: string;
  readonly app: BrickAppName;
  readonly namespace: string;
  readonly host: string;
  readonly state: 'running' | 'paused';
  readonly storageClass: string;
  /** Volume sizes by role. */
  readonly sizes: { readonly crm: string; readonly ged: string; readonly backup: string; readonly database: string };
  readonly images: { readonly app?: string; readonly mariadb?: string; readonly redis?: string };
  readonly backupSchedule: string;
}

export function brickHost(settings: Pick<BricksSettings, 'hostPattern' | 'domain'>, brick: Pick<BrickConfig, 'customer' | 'app' | 'host'>): string {
  return brick.host ?? settings.hostPattern.replaceAll('{customer}', brick.customer).replaceAll('{app}', brick.app).replaceAll('{domain}', settings.domain);
}

export function planBrick(platform: Platform, brick: BrickConfig): BrickPlan {
  const settings = platform.bricks;
  if (!settings) throw new Error('the platform has no bricks section');
  return {
    customer: brick.customer,
    app: brick.app,
    namespace: brickNamespace(brick.customer, brick.app),
    host: brickHost(settings, brick),
    state: brick.state,
    storageClass: settings.storageClass ?? platform.global.storageClass,
    sizes: {
      crm: brick.crm?.pvcSize ?? settings.defaults.crm.pvcSize,
      ged: brick.ged?.pvcSize ?? settings.defaults.ged.pvcSize,
      backup: brick.backup?.pvcSize ?? settings.defaults.backup.pvcSize,
      database: brick.database?.pvcSize ?? settings.defaults.database.pvcSize,
    },
    images: { app: settings.images[brick.app], mariadb: settings.images.mariadb, redis: settings.images.redis },
    backupSchedule: settings.backupSchedule,
  };
}
