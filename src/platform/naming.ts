/**
 * Names that operators type (seed 001's kubectl commands) and that Kubernetes
 * or CloudNativePG derive from ours. Changing one renames a live object.
 */
import { MAX_DNS_LABEL_LENGTH } from '../../constructs/names.js';

export const PRODUCT = 'mechanicbuddy';
export const SYSTEM_NAMESPACE = 'mechanicbuddy-system';
export const FREE_TIER_NAMESPACE = 'mechanicbuddy-free-tier';
export const SYSTEM_DATABASE = 'mechanicbuddy-system-postgresql';
/** Free-tier shard `shard` (1-based); the first keeps the namespace it always had. */
export const freeTierNamespace = (shard: number): string => (shard === 1 ? FREE_TIER_NAMESPACE : `${FREE_TIER_NAMESPACE}-${shard}`);

export const tenantNamespace = (id: string): string => `tenant-${id}`;
export const tenantDatabase = (id: string): string => `tenant-${id}-postgresql`;
export const tenantCertificate = (id: string): string => `${id}-tls`;
/**
 * A shared (free or demo) tenant's schema in the system database: the free-tier API's
 * per-tenant schema isolation (seed 001), `-` spelled `_` so it needs no quoting in SQL.
 */
export const sharedTenantSchema = (id: string): string => `tenant_${id.replace(/-/g, '_')}`;

/**
 * The longest name derived from a tenant id: CNPG names recovery Jobs
 * `{cluster}-{serial}-full-recovery`, and a Job name must fit the 63-character
 * `job-name` label. Serial numbers are budgeted at three digits.
 */
const LONGEST_DERIVED_NAME = (id: string): string => `${tenantDatabase(id)}-999-full-recovery`;

export function maxTenantIdLength(): number {
  return MAX_DNS_LABEL_LENGTH - LONGEST_DERIVED_NAME('').length;
}

export const HELPMANAGER_NAMESPACE = 'helperiance-manager';
export const brickNamespace = (customer: string, app: string): string => `${customer}-${app}`;
export const customerNamespace = (id: string): string => `customer-${id}`;

/**
 * Customer ids: StatefulSet pods carry `controller-revision-hash:
 * {statefulset}-<10 characters>`, a label value of at most 63; the longest
 * StatefulSet is `customer-{id}-mosquitto`.
 */
export function maxCustomerIdLength(): number {
  return MAX_DNS_LABEL_LENGTH - `${customerNamespace('')}-mosquitto-0123456789`.length;
}
