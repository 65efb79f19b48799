/**
 * Compiles a schema once into a validator closure that walks an object and reports
 * every problem, rejecting fields the schema does not declare (fieldValidation=Strict).
 *
 * - An object accepts its `properties`; other fields only when `additionalProperties`
 *   (a map) or `x-kubernetes-preserve-unknown-fields` allows them.
 * - `anyOf` / `oneOf` / `allOf` are read conservatively: a field declared by any branch is
 *   known, a type allowed by any alternative is accepted, only `allOf` adds required fields.
 * - A field set to null counts as absent, as the API server prunes it (custom resources) or
 *   decodes it to its zero value (built-in kinds); null list items and map values are
 *   errors unless `nullable`.
 */
import { formatCheck, patternCheck, type FormatCheck } from './formats.js';
import { enumMessage, requiredMessage, typeMessage, unknownFieldMessage } from './messages.js';
import type { JsonType, OpenApiSchema } from './openapi-schema.js';
import { formatPath, type PathSegment } from './path.js';
import type { SchemaProblem, SchemaProblemCode } from './problem.js';

/** Where the walk is (a stack of path segments) and what it found so far. */
export interface WalkContext {
  readonly path: PathSegment[];
  readonly problems: SchemaProblem[];
}

export type Validator = (value: unknown, context: WalkContext) => void;

/** Accepts anything; fields it validates are skipped without descending. */
export const ANY_VALUE: Validator = () => {};

export interface CompileOptions {
  /** Resolves a `$ref` (Kubernetes definitions); CRD schemas have none. */
  readonly resolveRef?: (ref: string) => Validator;
}

export function compileSchema(schema: OpenApiSchema, options: CompileOptions): Validator {
  if (schema.$ref !== undefined) {
    if (!options.resolveRef) throw new Error(`unexpected $ref ${JSON.stringify(schema.$ref)}`);
    return options.resolveRef(schema.$ref);
  }
  return compileShape(shapeOf(schema), options);
}

/**
 * The validator of a top-level object. `fields` replace the schema's own fields (`status`
 * ignored, a custom resource's `metadata` checked as ObjectMeta); a field replaced by
 * ANY_VALUE is never required.
 */
export function compileRoot(schema: OpenApiSchema, options: CompileOptions, fields: Readonly<Record<string, Validator>>): Validator {
  const shape = shapeOf(schema);
  return compileShape({ ...shape, types: ['object'], required: shape.required.filter((name) => fields[name] !== ANY_VALUE) }, options, fields);
}

export function report(context: WalkContext, code: SchemaProblemCode, message: string, field?: PathSegment): void {
  const path = formatPath(field === undefined ? context.path : [...context.path, field]);
  context.problems.push({ path, message, code });
}

/** A schema with its combinators folded in. */
interface Shape {
  /** undefined: any type. */
  readonly types: readonly JsonType[] | undefined;
  readonly nullable: boolean;
  readonly enumValues: readonly unknown[] | undefined;
  readonly format: string | undefined;
  readonly pattern: string | undefined;
  readonly properties: ReadonlyMap<string, OpenApiSchema>;
  readonly required: readonly string[];
  /** Fields not in `properties`: accepted, validated against a schema, or rejected. */
  readonly additional: OpenApiSchema | 'any' | 'reject';
  readonly items: OpenApiSchema | undefined;
}

function shapeOf(schema: OpenApiSchema): Shape {
  const alternatives = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  const conjuncts = schema.allOf ?? [];
  const branches = [...conjuncts, ...alternatives];
  const properties = new Map(Object.entries(schema.properties ?? {}));
  for (const branch of branches) {
    for (const [name, child] of Object.entries(branch.properties ?? {})) if (!properties.has(name)) properties.set(name, child);
  }
  return {
    types: typesOf(schema, alternatives, conjuncts),
    nullable: schema.nullable === true,
    enumValues: schema.enum,
    format: schema.format,
    pattern: schema.pattern,
    properties,
    required: [...(schema.required ?? []), ...conjuncts.flatMap((branch) => branch.required ?? [])],
    additional: additionalOf(schema),
    items: schema.items ?? branches.find((branch) => branch.items !== undefined)?.items,
  };
}

function typesOf(schema: OpenApiSchema, alternatives: readonly OpenApiSchema[], conjuncts: readonly OpenApiSchema[]): readonly JsonType[] | undefined {
  if (schema.type !== undefined) return [schema.type];
  if (schema['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  if (alternatives.length > 0 && alternatives.every((branch) => branch.type !== undefined)) {
    return [...new Set(alternatives.map((branch) => branch.type as JsonType))];
  }
  const typed = conjuncts.find((branch) => branch.type !== undefined);
  return typed?.type === undefined ? undefined : [typed.type];
}

function additionalOf(schema: OpenApiSchema): Shape['additional'] {
  const additional = schema.additionalProperties;
  if (additional === true) return 'any';
  if (additional === false) return 'reject';
  if (additional !== undefined) return additional;
  return schema['x-kubernetes-preserve-unknown-fields'] === true ? 'any' : 'reject';
}

function isUnconstrained(shape: Shape): boolean {
  return (
    shape.types === undefined &&
    shape.properties.size === 0 &&
    typeof shape.additional !== 'object' &&
    shape.items === undefined &&
    shape.enumValues === undefined &&
    shape.format === undefined &&
    shape.pattern === undefined
  );
}

interface ScalarCheck {
  readonly code: SchemaProblemCode;
  readonly check: FormatCheck;
}

function compileShape(shape: Shape, options: CompileOptions, fields?: Readonly<Record<string, Validator>>): Validator {
  if (fields === undefined && isUnconstrained(shape)) return ANY_VALUE;
  const { types, nullable } = shape;
  const allows = (type: JsonType): boolean => types === undefined || types.includes(type);
  const allowsString = allows('string');
  const allowsInteger = allows('integer');
  const allowsNumber = allows('number');
  const allowsBoolean = allows('boolean');
  const allowsObject = allows('object');
  const allowsArray = allows('array');
  const expected = types ?? [];
  const checkObject = allowsObject ? compileObject(shape, options, fields) : undefined;
  const checkArray = allowsArray && shape.items !== undefined ? compileArray(shape.items, options) : undefined;
  const scalarChecks = compileScalarChecks(shape);

  const checkScalar = (value: string | number | boolean, context: WalkContext): void => {
    for (const { code, check } of scalarChecks) {
      const message = check(value);
      if (message !== undefined) return report(context, code, message);
    }
  };

  return (value, context) => {
    switch (typeof value) {
      case 'string':
        if (!allowsString) return report(context, 'type', typeMessage(expected, value));
        if (scalarChecks.length > 0) checkScalar(value, context);
        return;
      case 'number':
        if (!allowsNumber && !(allowsInteger && Number.isInteger(value))) return report(context, 'type', typeMessage(expected, value));
        if (scalarChecks.length > 0) checkScalar(value, context);
        return;
      case 'boolean':
        if (!allowsBoolean) return report(context, 'type', typeMessage(expected, value));
        if (scalarChecks.length > 0) checkScalar(value, context);
        return;
      case 'object':
        if (value === null) {
          if (!nullable && types !== undefined) report(context, 'type', typeMessage(expected, value));
          return;
        }
        if (Array.isArray(value)) {
          if (!allowsArray) return report(context, 'type', typeMessage(expected, value));
          return checkArray?.(value, context);
        }
        if (!allowsObject) return report(context, 'type', typeMessage(expected, value));
        return checkObject?.(value, context);
      default:
        return report(context, 'type', typeMessage(expected, value));
    }
  };
}

function compileScalarChecks(shape: Shape): ScalarCheck[] {
  const checks: ScalarCheck[] = [];
  const allowed = shape.enumValues;
  if (allowed !== undefined) {
    const values = new Set(allowed);
    checks.push({ code: 'enum', check: (value) => (values.has(value) ? undefined : enumMessage(value, allowed)) });
  }
  const pattern = patternCheck(shape.pattern);
  if (pattern) checks.push({ code: 'format', check: pattern });
  const format = formatCheck(shape.format);
  if (format) checks.push({ code: 'format', check: format });
  return checks;
}

function compileObject(shape: Shape, options: CompileOptions, fields: Readonly<Record<string, Validator>> = {}): Validator {
  const known = new Map<string, Validator>();
  for (const [name, child] of shape.properties) known.set(name, compileSchema(child, options));
  for (const [name, validator] of Object.entries(fields)) known.set(name, validator);
  const additional = shape.additional === 'reject' ? undefined : shape.additional === 'any' ? ANY_VALUE : compileSchema(shape.additional, options);
  const knownNames = [...known.keys()];
  const { required } = shape;

  return (value, context) => {
    const object = value as Record<string, unknown>;
    for (const key in object) {
      const field = object[key];
      const child = known.get(key);
      if (child === undefined) {
        if (additional === undefined) report(context, 'unknown-field', unknownFieldMessage(key, knownNames), key);
        else if (additional !== ANY_VALUE) descend(additional, field, key, context);
        continue;
      }
      if (child !== ANY_VALUE && field !== null && field !== undefined) descend(child, field, key, context);
    }
    for (const name of required) {
      if (object[name] === undefined || object[name] === null) report(context, 'required', requiredMessage(name), name);
    }
  };
}

function compileArray(items: OpenApiSchema, options: CompileOptions): Validator | undefined {
  const item = compileSchema(items, options);
  if (item === ANY_VALUE) return undefined;
  return (value, context) => {
    const list = value as readonly unknown[];
    for (let index = 0; index < list.length; index++) descend(item, list[index], index, context);
  };
}

function descend(validator: Validator, value: unknown, segment: PathSegment, context: WalkContext): void {
  context.path.push(segment);
  validator(value, context);
  context.path.pop();
}
