/**
 * Kubernetes JSON of API objects and charts, equal to cdk8s's `toJson` and
 * about three times faster. cdk8s resolves every value through its resolver
 * chain (a context object, a copied key path and an App lookup per value),
 * sanitizes in a second pass (sorted keys, no null), and the L1 class then
 * rebuilds the object with its generated converter (JSON names such as
 * `clusterIP` for `clusterIp`, unions unwrapped, one spread per field). Here
 * one pass walks the object along the converter's field plan
 * (converter-plan.ts) and does all three. Whatever the fast path does not know
 * (a class without a plan, a JSON patch outside the metadata, a value that is
 * not plain data) is
 * rendered by cdk8s itself, and a test renders every chart variant both ways
 * and compares the bytes.
 */
import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import * as argocd from '../imports/argocd-argoproj.io.js';
import * as barman from '../imports/barmancloud-barmancloud.cnpg.io.js';
import * as certManager from '../imports/certmanager-cert-manager.io.js';
import * as cnpg from '../imports/cnpg-postgresql.cnpg.io.js';
import * as fluxKustomize from '../imports/fluxkustomize-kustomize.toolkit.fluxcd.io.js';
import * as fluxSource from '../imports/fluxsource-source.toolkit.fluxcd.io.js';
import * as monitoring from '../imports/monitoring-monitoring.coreos.com.js';
import { converterPlan, type ConverterModule, type FieldForm, type PlannedField } from './converter-plan.js';
import type { ManifestObject } from './footprint.js';
import { k8s } from './k8s.js';

/** One object's JSON, as `object.toJson()` renders it. */
export function objectJson(object: ApiObject): ManifestObject {
  return fastObjectJson(object) ?? object.toJson() as ManifestObject;
}

/**
 * The objects `chart.toJson()` renders (its own, not those of nested charts),
 * after validating the app. Charts with construct dependencies go through cdk8s.
 */
export function chartJson(chart: Chart): ManifestObject[] {
  const errors: string[] = [];
  const objects: ApiObject[] = [];
  // One walk of the app: cdk8s validates all of it, and renders the chart's own objects in tree order.
  for (const construct of App.of(chart).node.findAll()) {
    if (construct.node.dependencies.length > 0) return Chart.prototype.toJson.call(chart) as ManifestObject[];
    for (const error of construct.node.validate()) errors.push(`[${construct.node.path}] ${error}`);
    if (ApiObject.isApiObject(construct) && Chart.of(construct) === chart) objects.push(construct);
  }
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  return objects.map(objectJson);
}

/** The fast rendering of `object`, or undefined where only cdk8s knows how (see the file comment). */
export function fastObjectJson(object: ApiObject): ManifestObject | undefined {
  const internals = object as unknown as ObjectInternals;
  // cdk8s keeps keys unsorted when asked to; only it knows that order.
  if (process.env.CDK8S_DISABLE_SORT) return undefined;
  const l1 = L1_CLASSES.get(object.constructor);
  const plan = l1 && planOf(l1.module, `${l1.name}Props`);
  if (!l1 || !plan || !internals.patches.every(isMetadataPatch)) return undefined;
  try {
    let metadata = metadataJson(object.metadata as unknown as MetadataInternals);
    // A patch applies to the sanitized object, before the converter; the metadata's names are the same on both sides.
    if (internals.patches.length > 0) metadata = (JsonPatch.apply({ metadata }, ...internals.patches) as { metadata: unknown }).metadata;
    return typed(internals.props, plan, { apiVersion: object.apiVersion, kind: object.kind }, { json: metadata }) as ManifestObject;
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  }
}

/** What cdk8s keeps private and we read: the props and patches of an object, the parts of its metadata. */
interface ObjectInternals {
  readonly props: Record<string, unknown>;
  readonly patches: readonly JsonPatch[];
}

/** A patch within the metadata (such as cluster-scoped.ts's), which the fast path applies itself. */
function isMetadataPatch(patch: JsonPatch): boolean {
  const { path, from } = patch._toJson() as { path: string; from?: string };
  return path.startsWith('/metadata/') && (from === undefined || from.startsWith('/metadata/'));
}
interface MetadataInternals {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels: Record<string, unknown>;
  readonly annotations: Record<string, unknown>;
  readonly finalizers: unknown[];
  readonly ownerReferences: unknown[];
  readonly _additionalAttributes: Record<string, unknown>;
}

/** Thrown where a value is not plain data; the object is then rendered by cdk8s. */
const NOT_PLAIN = Symbol('not plain data');

/** The generated L1 classes of the modules we build with, and where their converters live. */
const L1_CLASSES: ReadonlyMap<unknown, { readonly module: ConverterModule; readonly name: string }> = new Map(
  [k8s, argocd, barman, certManager, cnpg, fluxKustomize, fluxSource, monitoring].flatMap((module) => {
    const exports = module as unknown as ConverterModule;
    return Object.keys(exports)
      .filter((name) => typeof exports[name] === 'function' && typeof exports[`toJson_${name}Props`] === 'function')
      .map((name) => [exports[name], { module: exports, name }] as const);
  }),
);

/**
 * A converter's plan, compiled to a function that reads each planned field by
 * name, in the plan's order (see compileFields), with the plan of each nested
 * type found once per field rather than by type name per value.
 */
interface CompiledPlan {
  readonly module: ConverterModule;
  readonly fields: readonly PlannedField[];
  /** The plan of each field's nested type, filled in on first use (types can nest themselves). */
  readonly nested: Array<CompiledPlan | null | undefined>;
  /** Adds the JSON of `source`'s fields to `result`; `metadata` stands in for the source's own. */
  convert?: FieldsConverter;
}

type FieldsConverter = (source: Record<string, unknown>, result: Record<string, unknown>, metadata: { readonly json: unknown } | undefined) => void;

const PLANS = new Map<ConverterModule, Map<string, CompiledPlan | null>>();

/** The compiled plan of `type`, or null when its converter is not in the generator's forms. */
function planOf(module: ConverterModule, type: string): CompiledPlan | null {
  let plans = PLANS.get(module);
  if (!plans) PLANS.set(module, plans = new Map());
  let plan = plans.get(type);
  if (plan === undefined) {
    const fields = converterPlan(module, type);
    plan = fields ? { module, fields, nested: [] } : null;
    plans.set(type, plan);
  }
  return plan;
}

/** The expression that renders `v`, field `at` of the plan (helpers `h`), for the commonest forms without the dispatch of fieldJson. */
function renderCode(form: FieldForm, at: number): string {
  switch (form.kind) {
    case 'value':
      return '(typeof v === "object" || typeof v === "function") ? h.plain(v) : v';
    case 'type':
      return `h.typed(v, ${at})`;
    default:
      return `h.field(v, ${at})`;
  }
}

/**
 * The fields loop of a plan as code: one named property read per field, like
 * the generated converter it replaces. A loop over the plan reads `source[name]`
 * with a different name every time, which V8 cannot cache; compiled, `toJson`
 * of the fleet's tenants takes 20-25% less. The names come from the generated
 * converter's source (converter-plan.ts) and are embedded as JSON string
 * literals.
 */
function compileFields(plan: CompiledPlan): FieldsConverter {
  const lines = plan.fields.map((field, at) => {
    const read = field.property === 'metadata'
      ? `m === undefined ? s[${JSON.stringify(field.property)}] : m.json`
      : `s[${JSON.stringify(field.property)}]`;
    return `v = ${read}; if (v !== undefined && v !== null) { e = ${renderCode(field.form, at)}; if (e !== undefined) r[${JSON.stringify(field.json)}] = e; }`;
  });
  const helpers = {
    plain: (value: unknown) => plain(value),
    typed: (value: unknown, at: number) => typedNested(value, plan, at, (plan.fields[at]!.form as { type: string }).type),
    field: (value: unknown, at: number) => fieldJson(value, plan, at, plan.fields[at]!.form),
  };
  return new Function('h', `return function convert(s, r, m) { let v, e; ${lines.join(' ')} };`)(helpers) as FieldsConverter;
}

function nestedPlan(plan: CompiledPlan, at: number, type: string): CompiledPlan {
  let nested = plan.nested[at];
  if (nested === undefined) nested = plan.nested[at] = planOf(plan.module, type);
  if (nested === null) throw NOT_PLAIN;
  return nested;
}

/** `metadata.toJson()`: its fields, without null, empty arrays or empty objects, keys sorted. */
function metadataJson(metadata: MetadataInternals): unknown {
  // Copied key by key: cdk8s deletes a key of this object, which makes V8 store it as a
  // dictionary, and spreading a dictionary is several times slower than this loop.
  // The named fields win over additional attributes of the same name; keys go in sorted order, so plain() need not sort them.
  const fields: Record<string, unknown> = {};
  const additional = metadata._additionalAttributes;
  for (const key in additional) fields[key] = additional[key];
  fields.annotations = metadata.annotations;
  fields.finalizers = metadata.finalizers;
  fields.labels = metadata.labels;
  fields.name = metadata.name;
  fields.namespace = metadata.namespace;
  fields.ownerReferences = metadata.ownerReferences;
  return plain(fields, true);
}

/** A value as cdk8s's resolvers leave it: Lazy produced, tokens resolved, unions as `{ value }`. */
function resolved(value: unknown): unknown {
  while (value !== null && typeof value === 'object' && !Array.isArray(value) && value.constructor !== Object) {
    if (value instanceof Lazy) value = value.produce();
    else if (typeof (value as { resolve?: unknown }).resolve === 'function') value = (value as { resolve: () => unknown }).resolve();
    else if (isUnion(value)) return { value: value.value };
    else throw NOT_PLAIN;
  }
  return value;
}

function isUnion(value: object): value is { value: number | string } {
  const inner = (value as { value?: unknown }).value;
  return typeof inner === 'number' || typeof inner === 'string';
}

/** Resolved and sanitized as cdk8s does: keys sorted, null dropped (and, for metadata, empty arrays and objects). */
function plain(value: unknown, dropEmpty = false): unknown {
  // Most values are strings, numbers and booleans: nothing to resolve.
  if (typeof value !== 'object' && typeof value !== 'function') return value;
  value = resolved(value);
  if (typeof value === 'function') throw NOT_PLAIN;
  if (value === null || typeof value !== 'object') return value ?? undefined;
  if (Array.isArray(value)) {
    if (dropEmpty && value.length === 0) return undefined;
    return value.map((entry) => plain(entry, dropEmpty));
  }
  const result: Record<string, unknown> = {};
  let empty = true;
  for (const key of sortedKeys(value)) {
    const entry = plain((value as Record<string, unknown>)[key], dropEmpty);
    if (entry !== undefined) {
      result[key] = entry;
      empty = false;
    }
  }
  return dropEmpty && empty ? undefined : result;
}

/**
 * `Object.keys(value).sort()`. Objects have a few keys, often in order already;
 * Array.prototype.sort allocates work space even then, an insertion sort none.
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

function plainObject(value: unknown): Record<string, unknown> | undefined {
  const entry = plain(value);
  if (entry === undefined) return undefined;
  if (typeof entry !== 'object' || Array.isArray(entry)) throw NOT_PLAIN;
  return entry as Record<string, unknown>;
}

/**
 * The converter's output for `value` (an object of `plan`'s type), in the
 * converter's field order, added to `result`; `metadata` stands for the
 * object's own metadata, rendered apart.
 */
function typed(value: unknown, plan: CompiledPlan, result: Record<string, unknown> = {}, metadata?: { readonly json: unknown }): Record<string, unknown> {
  const source = resolved(value);
  if (source === null || typeof source !== 'object' || Array.isArray(source)) throw NOT_PLAIN;
  (plan.convert ??= compileFields(plan))(source as Record<string, unknown>, result, metadata);
  return result;
}

function typedNested(value: unknown, plan: CompiledPlan, at: number, type: string): Record<string, unknown> | undefined {
  if (resolved(value) == null) return undefined;
  return typed(value, nestedPlan(plan, at, type));
}

/** The JSON of field `at` of `plan`, whose value is `value`. */
function fieldJson(value: unknown, plan: CompiledPlan, at: number, form: FieldForm): unknown {
  switch (form.kind) {
    case 'value':
      return plain(value);
    case 'union': {
      const entry = plain(value);
      return entry === undefined ? undefined : unionValue(entry);
    }
    case 'date':
      // cdk8s cannot render a Date (its sanitizer refuses class instances); let it say so.
      if (resolved(value) == null) return undefined;
      throw NOT_PLAIN;
    case 'type':
      return typedNested(value, plan, at, form.type);
    case 'array':
    case 'array-of-type': {
      const entries = resolved(value);
      if (entries == null) return undefined;
      if (!Array.isArray(entries)) throw NOT_PLAIN;
      return form.kind === 'array' ? entries.map((entry) => plain(entry)) : entries.map((entry) => typedNested(entry, plan, at, form.type));
    }
    case 'map':
    case 'map-of-union':
    case 'map-of-type':
    case 'map-of-array': {
      const map = plainObject(value);
      if (map === undefined) return undefined;
      if (form.kind === 'map') return map;
      const result: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(map)) {
        if (form.kind === 'map-of-union') result[key] = unionValue(entry);
        else if (form.kind === 'map-of-type') result[key] = typedNested(entry, plan, at, form.type);
        else if (Array.isArray(entry)) result[key] = entry;
        else throw NOT_PLAIN;
      }
      return result;
    }
  }
}

/** A sanitized union is `{ value }`; anything else the converter would drop, so cdk8s decides. */
function unionValue(entry: unknown): unknown {
  const inner = entry !== null && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined;
  if (typeof inner !== 'number' && typeof inner !== 'string') throw NOT_PLAIN;
  return inner;
}
