/**
 * The platform file's JSON Schema is what editors show while someone writes
 * platform.yaml (issue 7, point 4): every field has a description, and the
 * fields whose values are not obvious (quantities, images, crons) carry
 * examples that are themselves valid values.
 */
import { describe, expect, it } from 'vitest';
import { isQuantity } from '../../constructs/quantity.js';
import { cronProblem } from '../../src/platform/cron.js';
import { imageProblem } from '../../src/platform/fields.js';
import { platformJsonSchema } from '../../src/platform/json-schema.js';

interface SchemaNode {
  type?: string | string[];
  description?: string;
  examples?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

interface Field {
  /** Where the field is, such as `tenants[].database.storage`. */
  readonly path: string;
  readonly key: string;
  /** Key of the object that holds the field (`images` for `global.images.api`). */
  readonly parentKey: string;
  readonly node: SchemaNode;
}

/** Every property at every depth: object properties, array items and anyOf branches. */
function fields(node: SchemaNode, path = '', found: Field[] = []): Field[] {
  node.anyOf?.forEach((branch, index) => fields(branch, `${path}|${index}`, found));
  if (node.items) fields(node.items, `${path}[]`, found);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const at = path ? `${path}.${key}` : key;
    found.push({ path: at, key, parentKey: lastKey(path), node: child });
    fields(child, at, found);
  }
  return found;
}

/** `images` for `global.images`, `backup` for `tenants[].backup`. */
const lastKey = (path: string): string => path.replace(/(\[\]|\|\d+)+$/, '').split('.').pop() ?? '';

const schema = platformJsonSchema() as SchemaNode;
const all = fields(schema);

const isQuantityField = (field: Field): boolean => Array.isArray(field.node.type) && [...field.node.type].sort().join() === 'number,string';
/** Full image references: `image`, and everything in an `images` section but the registry and the tag. */
const isImageField = (field: Field): boolean => field.key === 'image' || (field.parentKey === 'images' && !['registry', 'tag'].includes(field.key));
const isCronField = (field: Field): boolean => field.key === 'schedule' || field.key === 'backupSchedule';
/** CNPG ScheduledBackup schedules (`backup.schedule`) have six fields, seconds first; CronJob schedules five. */
const cronFields = (field: Field): 5 | 6 => (field.parentKey === 'backup' ? 6 : 5);

describe('platform JSON Schema documentation', () => {
  it('describes the file itself', () => {
    expect(schema.description?.trim()).toBeTruthy();
    expect(all.length).toBeGreaterThan(100);
  });

  it('gives every property at every depth a non-empty description', () => {
    const undescribed = all.filter((field) => typeof field.node.description !== 'string' || field.node.description.trim() === '').map((field) => field.path);
    expect(undescribed).toEqual([]);
  });

  it('describes the items of every array', () => {
    const arrays = all.filter((field) => field.node.items);
    expect(arrays.map((field) => field.path)).toEqual(expect.arrayContaining(['tenants', 'bricks.instances', 'customers.instances', 'tenants[].customDomains']));
    expect(arrays.filter((field) => !field.node.items?.description?.trim()).map((field) => field.path)).toEqual([]);
  });

  it('keeps descriptions to one or two sentences', () => {
    const long = all.filter((field) => (field.node.description ?? '').length > 300).map((field) => field.path);
    expect(long).toEqual([]);
  });

  it('gives quantities examples that are Kubernetes quantities', () => {
    const quantities = all.filter(isQuantityField);
    expect(quantities.map((field) => field.path)).toEqual(expect.arrayContaining([
      'system.database.storage', 'tenants[].database.storage', 'helpManager.cassandra.storage', 'customers.postgresStorage',
      'bricks.defaults.crm.pvcSize', 'bricks.instances[].ged.pvcSize', 'freeTier.api.resources.requests.cpu', 'tenants[].api.resources.limits.memory',
    ]));
    expect(quantities.filter((field) => !field.node.examples?.length).map((field) => field.path)).toEqual([]);
    const invalid = quantities.flatMap((field) => (field.node.examples ?? []).filter((example) => !isQuantity(String(example))).map((example) => `${field.path}: ${String(example)}`));
    expect(invalid).toEqual([]);
  });

  it('gives images examples that are pinned image references', () => {
    const images = all.filter(isImageField);
    expect(images.map((field) => field.path)).toEqual(expect.arrayContaining([
      'global.images.api', 'global.images.postgres', 'global.images.managementMigration', 'helpManager.image', 'helpManager.cassandra.image',
      'helpManager.podRecycler.image', 'bricks.images.suitecrm', 'customers.images.exporter',
    ]));
    expect(images.filter((field) => !field.node.examples?.length).map((field) => field.path)).toEqual([]);
    const invalid = images.flatMap((field) => (field.node.examples ?? []).map((example) => imageProblem(String(example))).filter((problem) => problem !== undefined));
    expect(invalid).toEqual([]);
  });

  it('gives the image registry and tag examples', () => {
    const settings = all.filter((field) => field.path === 'global.images.registry' || field.path === 'global.images.tag');
    expect(settings).toHaveLength(2);
    expect(settings.filter((field) => !field.node.examples?.length)).toEqual([]);
  });

  it('gives crons examples that are valid schedules with the right number of fields', () => {
    const crons = all.filter(isCronField);
    expect(crons.map((field) => field.path).sort()).toEqual([
      'bricks.backupSchedule', 'helpManager.podRecycler.schedule', 'system.database.backup.schedule', 'system.demoExpiryJob.schedule', 'tenants[].backup.schedule',
    ]);
    expect(crons.filter((field) => !field.node.examples?.length).map((field) => field.path)).toEqual([]);
    const invalid = crons.flatMap((field) => (field.node.examples ?? []).map((example) => cronProblem(String(example), cronFields(field))).filter((problem) => problem !== undefined));
    expect(invalid).toEqual([]);
  });

  it('gives examples whose JSON type matches the property', () => {
    const typeOf = (value: unknown): string => (Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value);
    const accepts = (declared: string | string[] | undefined, actual: string): boolean => {
      if (declared === undefined) return true;
      const types = Array.isArray(declared) ? declared : [declared];
      return types.includes(actual) || (actual === 'integer' && types.includes('number'));
    };
    const mismatched = all.flatMap((field) => (field.node.examples ?? [])
      .filter((example) => !accepts(field.node.type, typeOf(example)))
      .map((example) => `${field.path}: ${JSON.stringify(example)}`));
    expect(mismatched).toEqual([]);
  });
});
