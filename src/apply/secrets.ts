/**
 * The Secrets charts declare: generated keys come from a CSPRNG the first
 * time and are never rotated or overwritten; supplied keys come from a
 * secrets file or the environment. Every missing supplied key is reported at
 * once, before anything is applied. Values never reach a log.
 */
import { randomBytes } from 'node:crypto';
import type { DeclaredSecret } from '../../constructs/index.js';
import { SafetyError } from './errors.js';
import type { ObjectClient } from './objects.js';

export type SecretDeclaration = Pick<DeclaredSecret, 'name' | 'namespace' | 'keys'>;

/** Supplied values by `namespace/secret/key` or `secret/key`. */
export type SuppliedValues = Readonly<Record<string, string>>;

/** `SAAS_CHARTS_SECRET_<SECRET>_<KEY>`, upper case, other characters as `_`. */
export function environmentName(secret: string, key: string): string {
  return `SAAS_CHARTS_SECRET_${secret}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

export interface SecretPlan {
  readonly declaration: SecretDeclaration;
  /** Undefined when the Secret exists: it is left alone. */
  readonly create?: Record<string, string>;
}

/** Looks up every declared Secret and resolves what must be created; throws listing all missing supplied keys. */
export async function planSecrets(client: ObjectClient, declarations: readonly SecretDeclaration[], supplied: SuppliedValues, env: NodeJS.ProcessEnv = process.env): Promise<SecretPlan[]> {
  const missing: string[] = [];
  const plans: SecretPlan[] = [];
  for (const declaration of declarations) {
    const live = await client.get({ apiVersion: 'v1', kind: 'Secret', metadata: { name: declaration.name, namespace: declaration.namespace } });
    if (live) {
      const data = (live as unknown as { data?: Record<string, string> }).data ?? {};
      for (const key of declaration.keys) {
        if (key.source === 'supplied' && data[key.key] === undefined) missing.push(`${declaration.namespace}/${declaration.name}: key ${key.key} (${key.description}) is missing from the existing Secret`);
      }
      plans.push({ declaration });
      continue;
    }
    const values: Record<string, string> = {};
    for (const key of declaration.keys) {
      if (key.source === 'generated') {
        values[key.key] = randomBytes(key.bytes ?? 32).toString('hex');
        continue;
      }
      const value = supplied[`${declaration.namespace}/${declaration.name}/${key.key}`] ?? supplied[`${declaration.name}/${key.key}`] ?? env[environmentName(declaration.name, key.key)];
      if (value === undefined || value === '') {
        missing.push(`${declaration.namespace}/${declaration.name}: key ${key.key} (${key.description}); set ${declaration.name}/${key.key} in --secrets-file or ${environmentName(declaration.name, key.key)}`);
      } else {
        values[key.key] = value;
      }
    }
    plans.push({ declaration, create: values });
  }
  if (missing.length > 0) throw new SafetyError(`refusing to roll out: ${missing.length} supplied secret value${missing.length === 1 ? ' is' : 's are'} missing:\n  ${missing.join('\n  ')}`);
  return plans;
}

/** Creates the Secrets that do not exist yet (in namespaces that now exist). */
export async function createSecrets(client: ObjectClient, plans: readonly SecretPlan[], dryRun: boolean, creatingNamespaces: ReadonlySet<string> = new Set()): Promise<string[]> {
  const created: string[] = [];
  for (const plan of plans) {
    if (!plan.create) continue;
    if (dryRun && creatingNamespaces.has(plan.declaration.namespace)) {
      created.push(`Secret ${plan.declaration.namespace}/${plan.declaration.name}`);
      continue;
    }
    const data = Object.fromEntries(Object.entries(plan.create).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
    await client.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: plan.declaration.name, namespace: plan.declaration.namespace, labels: { 'app.kubernetes.io/managed-by': 'saas-charts' } },
      type: 'Opaque',
      data,
    }, { dryRun });
    created.push(`Secret ${plan.declaration.namespace}/${plan.declaration.name}`);
  }
  return created;
}
