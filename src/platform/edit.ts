/**
 * Edits of the platform file that keep its comments, key order and layout
 * (the `yaml` package's document model), for commands such as `brick pause`.
 */
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { UsageError } from '../errors.js';
import type { BrickAppName } from './schema.js';

export type BrickAction = 'deploy' | 'pause' | 'resume' | 'delete';

/** Settings `--set` may change on a brick. */
export const BRICK_SETTINGS = ['crm.pvcSize', 'ged.pvcSize', 'backup.pvcSize', 'database.pvcSize', 'host'] as const;

export interface BrickEdit {
  readonly action: BrickAction;
  readonly customer: string;
  readonly app: BrickAppName;
  /** `crm.pvcSize=20Gi` style overrides (deploy only). */
  readonly settings?: Readonly<Record<string, string>>;
}

export interface EditResult {
  readonly text: string;
  /** What happened, for the command's output. */
  readonly summary: string;
}

export function editBrick(text: string, edit: BrickEdit): EditResult {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new UsageError(`the platform file is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new UsageError('the platform file must be a mapping');
  const instances = brickList(doc, edit.action === 'deploy');
  const index = instances ? instances.items.findIndex((item) => isMap(item) && item.get('customer') === edit.customer && item.get('app') === edit.app) : -1;
  const name = `${edit.customer}-${edit.app}`;

  if (edit.action === 'deploy') {
    let brick = index >= 0 ? (instances!.items[index] as YAMLMap) : undefined;
    const created = brick === undefined;
    if (!brick) {
      brick = doc.createNode({ customer: edit.customer, app: edit.app }) as YAMLMap;
      instances!.items.push(brick);
    }
    brick.delete('state');
    for (const [key, value] of Object.entries(edit.settings ?? {})) brick.setIn(key.split('.'), value);
    return { text: doc.toString(), summary: created ? `added brick ${name}` : `updated brick ${name}` };
  }
  if (index < 0) throw new UsageError(`no brick ${name} in the platform file; deploy it first (saas-charts brick deploy --customer ${edit.customer} --app ${edit.app})`);
  const brick = instances!.items[index] as YAMLMap;
  if (edit.action === 'pause') {
    brick.set('state', 'paused');
    return { text: doc.toString(), summary: `paused brick ${name}` };
  }
  if (edit.action === 'resume') {
    // running is the default: removing the key returns the file to how it was before the pause.
    brick.delete('state');
    return { text: doc.toString(), summary: `resumed brick ${name}` };
  }
  instances!.items.splice(index, 1);
  return { text: doc.toString(), summary: `removed brick ${name}` };
}

/** `bricks.instances`, created when asked for and absent. */
function brickList(doc: Document, create: boolean): YAMLSeq | undefined {
  const existing = doc.getIn(['bricks', 'instances']);
  if (isSeq(existing)) return existing;
  if (existing !== undefined && existing !== null) throw new UsageError('bricks.instances in the platform file must be a list');
  if (!create) return undefined;
  if (doc.contents === null) doc.contents = doc.createNode({}) as YAMLMap;
  if (!isMap(doc.get('bricks'))) doc.set('bricks', doc.createNode({}));
  const list = doc.createNode([]) as YAMLSeq;
  doc.setIn(['bricks', 'instances'], list);
  return list;
}

/** Parses `--set key=value` pairs, accepting only the brick settings. */
export function parseBrickSettings(pairs: readonly string[]): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const key = equals > 0 ? pair.slice(0, equals) : pair;
    if (equals <= 0 || equals === pair.length - 1) throw new UsageError(`--set "${pair}" must look like key=value, e.g. crm.pvcSize=20Gi`);
    if (!(BRICK_SETTINGS as readonly string[]).includes(key)) throw new UsageError(`--set "${key}" is not a brick setting; settings: ${BRICK_SETTINGS.join(', ')}`);
    settings[key] = pair.slice(equals + 1);
  }
  return settings;
}

/** Appends a tenant to `tenants`, keeping the rest of the file as it is. */
export function addTenant(text: string, tenant: Readonly<Record<string, unknown>>): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new UsageError(`the platform file is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  const clean = Object.fromEntries(Object.entries(tenant).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)));
  const list = doc.get('tenants');
  if (isSeq(list)) list.items.push(doc.createNode(clean));
  else doc.set('tenants', doc.createNode([clean]));
  return doc.toString();
}

/** Sets fields of a tenant (`tier`, `imageTag`), keeping the rest of the file as it is. */
export function setTenantFields(text: string, id: string, fields: Readonly<Record<string, string | undefined>>): string {
  const doc = parseDocument(text);
  const tenants = doc.get('tenants');
  const tenant = isSeq(tenants) ? tenants.items.find((item) => isMap(item) && item.get('id') === id) : undefined;
  if (!isMap(tenant)) throw new UsageError(`no tenant "${id}" in the platform file`);
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) tenant.set(key, value);
  return doc.toString();
}

/** Writes `cluster:` into the entries at the given paths (e.g. `['bricks', 'instances', 2]`), keeping the rest of the file as it is. */
export function pinClusters(text: string, pins: ReadonlyArray<{ readonly at: readonly PropertyKey[]; readonly cluster: string }>): string {
  const doc = parseDocument(text);
  for (const pin of pins) {
    const entry = doc.getIn(pin.at);
    if (!isMap(entry)) throw new Error(`no entry at ${pin.at.join('.')} of the platform file to pin to cluster ${pin.cluster}`);
    entry.set('cluster', pin.cluster);
  }
  return doc.toString();
}
