/**
 * What structured-merge-diff needs to know about a type: which maps are structs (declared
 * fields) or free maps, which lists merge by keys, which values are atomic. Read from the
 * Kubernetes 1.28 definitions vendored in schemas/ and from CRD `openAPIV3Schema`s, with the
 * rules of kube-openapi's schemaconv: `x-kubernetes-list-type`/`-list-map-keys`/`-map-type`,
 * else (built-in kinds only) a merge patch strategy with a merge key means a list keyed by
 * it and one without a key a set; everything else is atomic.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isObject, type Json, type JsonObject } from './json.js';

export interface ScalarShape {
  readonly type: 'scalar';
}

export interface MapShape {
  readonly type: 'map';
  readonly atomic: boolean;
  /** Has declared fields (a struct), as opposed to a free map such as labels. */
  readonly struct: boolean;
  /** Fields the schema requires (for built-in kinds: Go fields without omitempty, present even when empty). */
  readonly required: ReadonlySet<string>;
  /** A declared field (struct member), or undefined. */
  field(name: string): Shape | undefined;
  /** The shape of undeclared keys (a free map's values); undefined when the struct allows none. */
  readonly element: Shape | undefined;
}

export interface ListShape {
  readonly type: 'list';
  readonly relation: 'atomic' | 'set' | 'associative';
  readonly keys: readonly string[];
  /** Values of key fields an item may omit (`protocol: TCP` on ports). */
  readonly keyDefaults: Readonly<Record<string, Json>>;
  readonly element: Shape;
}

/** No schema: maps are granular, lists atomic, as structured-merge-diff's deduced type. */
export interface UntypedShape {
  readonly type: 'untyped';
}

export type Shape = ScalarShape | MapShape | ListShape | UntypedShape;

export const SCALAR: ScalarShape = { type: 'scalar' };
export const UNTYPED: UntypedShape = { type: 'untyped' };

interface SchemaContext {
  /** Built-in definitions keep their patch strategies; CRD lists without a list type are atomic. */
  readonly legacyPatchStrategies: boolean;
  resolve(ref: string): Shape;
}

const REF_PREFIX = '#/definitions/';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** Key defaults the Go types declare but the vendored definitions leave out. */
const BUILT_IN_KEY_DEFAULTS: Readonly<Record<string, Json>> = { protocol: 'TCP' };
const DEFINITIONS_FILE = fileURLToPath(new URL('../../../schemas/k8s-1.28.0-definitions.json', import.meta.url));

interface Definitions {
  readonly definitions: Readonly<Record<string, JsonObject>>;
}

let builtIns: { readonly context: SchemaContext; readonly kinds: ReadonlyMap<string, string>; readonly definitions: Definitions['definitions'] } | undefined;

function builtInSchemas(): NonNullable<typeof builtIns> {
  if (builtIns) return builtIns;
  const { definitions } = JSON.parse(readFileSync(DEFINITIONS_FILE, 'utf8')) as Definitions;
  const resolved = new Map<string, Shape>();
  const context: SchemaContext = {
    legacyPatchStrategies: true,
    resolve(ref) {
      const name = ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref;
      const done = resolved.get(name);
      if (done) return done;
      const schema = definitions[name];
      const shape = schema === undefined ? UNTYPED : shapeOf(schema, context);
      resolved.set(name, shape);
      return shape;
    },
  };
  const kinds = new Map<string, string>();
  for (const [name, schema] of Object.entries(definitions)) {
    const gvks = schema['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks.filter(isObject)) kinds.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
  }
  builtIns = { context, kinds, definitions };
  return builtIns;
}

/** The shape of a built-in kind, or undefined when Kubernetes 1.28 has no such kind. */
export function builtInShape(group: string, version: string, kind: string): Shape | undefined {
  const schemas = builtInSchemas();
  const name = schemas.kinds.get(`${group}/${version}/${kind}`);
  return name === undefined ? undefined : schemas.context.resolve(name);
}

/** The shape of a custom resource from its CRD schema; `metadata` is ObjectMeta whatever the CRD says. */
export function customResourceShape(schema: JsonObject | undefined): Shape {
  const objectMeta = builtInSchemas().context.resolve(OBJECT_META);
  const context: SchemaContext = { legacyPatchStrategies: false, resolve: () => UNTYPED };
  const root = schema === undefined ? UNTYPED : shapeOf(schema, context);
  if (root.type !== 'map') return { type: 'map', atomic: false, struct: true, required: new Set(), field: (name) => (name === 'metadata' ? objectMeta : undefined), element: UNTYPED };
  return {
    type: 'map',
    atomic: false,
    struct: true,
    required: root.required,
    field: (name) => (name === 'metadata' ? objectMeta : name === 'apiVersion' || name === 'kind' ? SCALAR : root.field(name)),
    element: root.element,
  };
}

function shapeOf(schema: JsonObject, context: SchemaContext): Shape {
  if (typeof schema.$ref === 'string') return context.resolve(schema.$ref);
  if (schema['x-kubernetes-int-or-string'] === true) return SCALAR;
  if (schema.type === 'array' || isObject(schema.items)) return listShape(schema, context);
  const hasFields = isObject(schema.properties);
  const additional = schema.additionalProperties;
  if (schema.type === 'object' || hasFields || additional !== undefined) {
    if (!hasFields && (additional === undefined || additional === false)) return UNTYPED;
    return mapShape(schema, context);
  }
  if (schema.type === undefined && schema.oneOf === undefined && schema.anyOf === undefined) return UNTYPED;
  return SCALAR;
}

function mapShape(schema: JsonObject, context: SchemaContext): MapShape {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const fields = new Map<string, Shape>();
  const additional = schema.additionalProperties;
  const element = isObject(additional)
    ? shapeOf(additional, context)
    : additional === true || schema['x-kubernetes-preserve-unknown-fields'] === true
      ? UNTYPED
      : undefined;
  return {
    type: 'map',
    atomic: schema['x-kubernetes-map-type'] === 'atomic',
    struct: Object.keys(properties).length > 0,
    required: new Set(Array.isArray(schema.required) ? schema.required.map(String) : []),
    field(name) {
      const cached = fields.get(name);
      if (cached) return cached;
      const property = Object.hasOwn(properties, name) ? properties[name] : undefined;
      if (!isObject(property)) return undefined;
      const shape = shapeOf(property, context);
      fields.set(name, shape);
      return shape;
    },
    element,
  };
}

function listShape(schema: JsonObject, context: SchemaContext): ListShape {
  const items = isObject(schema.items) ? schema.items : {};
  const element = shapeOf(items, context);
  const atomic: ListShape = { type: 'list', relation: 'atomic', keys: [], keyDefaults: {}, element };
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'atomic') return atomic;
  if (listType === 'set') return { ...atomic, relation: 'set' };
  if (listType === 'map') {
    const keys = Array.isArray(schema['x-kubernetes-list-map-keys']) ? schema['x-kubernetes-list-map-keys'].map(String) : [];
    return keys.length === 0 ? atomic : { ...atomic, relation: 'associative', keys, keyDefaults: keyDefaults(items, keys, context) };
  }
  if (!context.legacyPatchStrategies) return atomic;
  const strategy = typeof schema['x-kubernetes-patch-strategy'] === 'string' ? schema['x-kubernetes-patch-strategy'].split(',') : [];
  if (!strategy.includes('merge')) return atomic;
  const mergeKey = schema['x-kubernetes-patch-merge-key'];
  if (typeof mergeKey !== 'string') return { ...atomic, relation: 'set' };
  return { ...atomic, relation: 'associative', keys: [mergeKey], keyDefaults: keyDefaults(items, [mergeKey], context) };
}

function keyDefaults(items: JsonObject, keys: readonly string[], context: SchemaContext): Record<string, Json> {
  const out: Record<string, Json> = {};
  const properties = isObject(items.properties) ? items.properties : {};
  for (const key of keys) {
    const property = properties[key];
    if (isObject(property) && property.default !== undefined) out[key] = property.default;
    else if (context.legacyPatchStrategies && Object.hasOwn(BUILT_IN_KEY_DEFAULTS, key)) out[key] = BUILT_IN_KEY_DEFAULTS[key];
  }
  return out;
}

/** How a value is handled when its shape says nothing (untyped): the deduced shape. */
export function deduce(shape: Shape, value: Json | undefined): Shape {
  if (shape.type !== 'untyped') return shape;
  if (isObject(value)) return { type: 'map', atomic: false, struct: false, required: new Set(), field: () => undefined, element: UNTYPED };
  if (Array.isArray(value)) return { type: 'list', relation: 'atomic', keys: [], keyDefaults: {}, element: UNTYPED };
  return SCALAR;
}

/** The shape of a field of a map, and whether it is declared (struct member) rather than a map entry. */
export function childShape(shape: MapShape, name: string): { readonly shape: Shape; readonly declared: boolean } {
  const declared = shape.field(name);
  if (declared) return { shape: declared, declared: true };
  return { shape: shape.element ?? UNTYPED, declared: false };
}
