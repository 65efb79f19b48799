/**
 * Deterministic fleet generator: a platform input object (the shape
 * `definePlatform` accepts) with a realistic tier mix. Same arguments, same
 * platform, byte for byte: no randomness, no clock.
 *
 * Dedicated tenants, in a repeating pattern of 20:
 *   14 professional (70%), 4 enterprise (20%), 2 dedicated demo trials (10%, with createdAt).
 * Every 10th dedicated tenant has one custom domain (10%).
 * Shared tenants (free-tier deployment): 3 free for every shared demo.
 * Marketplace bricks (issue 6: 300 by default): two per brick customer, the
 * apps cycling suitecrm, seeddms, owncloud; one brick in 20 is paused.
 * IoT customers (issue 6: 100 by default): one in 20 is paused.
 */

const TIER_PATTERN = [
  'professional', 'professional', 'enterprise', 'professional', 'professional',
  'professional', 'professional', 'demo', 'professional', 'enterprise',
  'professional', 'professional', 'professional', 'enterprise', 'professional',
  'professional', 'demo', 'professional', 'enterprise', 'professional',
];

const WORDS = ['acme', 'rapid', 'torque', 'piston', 'gear', 'axle', 'brake', 'clutch', 'spark', 'valve', 'diesel', 'turbo', 'chassis', 'rotor', 'wrench'];
const KINDS = ['garage', 'motors', 'auto', 'repairs', 'service', 'works'];

const BRICK_APPS = ['suitecrm', 'seeddms', 'owncloud'];

/** Issue 6's fleet besides the tenants: 300 marketplace bricks and 100 IoT customers. */
export const DEFAULT_BRICKS = 300;
export const DEFAULT_CUSTOMERS = 100;

/** Counts of each tier/placement that `fleetPlatform` produces, for reports. */
export function fleetMix({ dedicated, shared, bricks = 0, customers = 0 }) {
  const mix = { dedicatedDemo: 0, customDomains: 0, enterprise: 0, professional: 0, sharedDemo: 0, sharedFree: 0, bricks, bricksPaused: 0, customers, customersPaused: 0 };
  for (let i = 0; i < bricks; i++) if (i % 20 === 19) mix.bricksPaused++;
  for (let i = 0; i < customers; i++) if (i % 20 === 19) mix.customersPaused++;
  for (let i = 0; i < dedicated; i++) {
    const tier = TIER_PATTERN[i % TIER_PATTERN.length];
    if (tier === 'demo') mix.dedicatedDemo++;
    else mix[tier]++;
    if (i % 10 === 3) mix.customDomains++;
  }
  for (let i = 0; i < shared; i++) {
    if (i % 4 === 3) mix.sharedDemo++;
    else mix.sharedFree++;
  }
  return mix;
}

/**
 * @param {{ dedicated: number, shared?: number, bricks?: number, customers?: number }} size
 *   dedicated: tenants with a namespace of their own; shared: tenants on the free tier (default dedicated / 2);
 *   bricks: marketplace brick instances (default 0); customers: IoT customer instances (default 0).
 */
export function fleetPlatform({ dedicated, shared = Math.round(dedicated / 2), bricks = 0, customers = 0 }) {
  const tenants = [];
  for (let i = 0; i < dedicated; i++) tenants.push(dedicatedTenant(i));
  for (let i = 0; i < shared; i++) tenants.push(sharedTenant(i));
  const platform = {
    global: {
      domain: 'mechanicbuddy.app',
      tls: { tenantSubdomains: 'certificate-per-tenant' },
    },
    system: {
      managementApi: { replicas: 2 },
      managementPortal: { replicas: 2 },
      database: { instances: 2, storage: '100Gi' },
    },
    freeTier: {
      // The schema's ceiling: comfortably above any shared count generated here.
      maxTenants: Math.max(10_000, shared),
      api: { autoscaling: { minReplicas: 2, maxReplicas: 10 } },
      web: { autoscaling: { minReplicas: 2, maxReplicas: 10 } },
    },
    tenants,
  };
  if (bricks > 0) platform.bricks = { instances: Array.from({ length: bricks }, (_, i) => brick(i)) };
  if (customers > 0) platform.customers = { instances: Array.from({ length: customers }, (_, i) => customer(i)) };
  return platform;
}

function brick(i) {
  // Two bricks per customer, consecutive apps: (c0 suitecrm, c0 seeddms), (c1 owncloud, c1 suitecrm), ...
  // "b" + 4 digits + label: at most 20 characters; namespace {customer}-{app} at most 29.
  const c = Math.floor(i / 2);
  const instance = { customer: `b${String(c).padStart(4, '0')}-${label(c + 3)}`, app: BRICK_APPS[i % BRICK_APPS.length] };
  if (i % 20 === 19) instance.state = 'paused';
  return instance;
}

function customer(i) {
  // "iot" + 4 digits + label: at most 23 characters (limit 33).
  const id = `iot${String(i).padStart(4, '0')}-${label(i + 11)}`;
  const instance = { id, email: `ops@${id}.example.com`, companyName: `${titleCase(label(i + 11))} IoT #${i}` };
  if (i % 20 === 19) instance.state = 'paused';
  return instance;
}

function label(i) {
  return `${WORDS[i % WORDS.length]}-${KINDS[Math.floor(i / WORDS.length) % KINDS.length]}`;
}

function dedicatedTenant(i) {
  const tier = TIER_PATTERN[i % TIER_PATTERN.length];
  // "d" + 5 digits + label: at most 1 + 5 + 1 + 15 = 22 characters (limit 27).
  const id = `d${String(i).padStart(5, '0')}-${label(i)}`;
  const tenant = { id, name: `${titleCase(label(i))} #${i}`, tier, ownerEmail: `owner@${id}.example.com` };
  if (tier === 'demo') {
    tenant.placement = 'dedicated';
    tenant.createdAt = isoDay(Date.UTC(2026, 0, 1) + (i % 300) * 86_400_000);
  } else {
    tenant.stripeCustomerId = `cus_${id.replace(/-/g, '')}`;
  }
  if (i % 10 === 3) tenant.customDomains = [`shop.${id}.example.com`];
  return tenant;
}

function sharedTenant(i) {
  const id = `s${String(i).padStart(5, '0')}-${label(i + 7)}`;
  return { id, name: `${titleCase(label(i + 7))} (shared #${i})`, tier: i % 4 === 3 ? 'demo' : 'free' };
}

function titleCase(text) {
  return text.split('-').map((word) => word[0].toUpperCase() + word.slice(1)).join(' ');
}

function isoDay(time) {
  return new Date(time).toISOString().slice(0, 10);
}

/** The same fleet as platform-file YAML, for scenarios that go through the CLI (`--platform FILE`). */
export async function fleetPlatformYaml(size) {
  const { stringify } = await import('yaml');
  return stringify(fleetPlatform(size), { lineWidth: 0 });
}
