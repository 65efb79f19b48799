/**
 * The field plan of a generated L1 converter (`toJson_<Type>`, written by
 * `cdk8s import`): for each field, in output order, its JSON name, its
 * property name and its form (a value, a nested type, an array or a map of
 * either, a number-or-string union). object-json.ts walks an object along its
 * plan in one pass instead of calling the converter, which rebuilds every
 * object with one spread per field. The generator writes a converter in ten
 * fixed line forms; a converter with any other line has no plan, and objects
 * that reach it are rendered by cdk8s itself.
 */

export type FieldForm =
  | { readonly kind: 'value' }
  | { readonly kind: 'union' }
  | { readonly kind: 'date' }
  | { readonly kind: 'type'; readonly type: string }
  | { readonly kind: 'array' }
  | { readonly kind: 'array-of-type'; readonly type: string }
  | { readonly kind: 'map' }
  | { readonly kind: 'map-of-union' }
  | { readonly kind: 'map-of-type'; readonly type: string }
  | { readonly kind: 'map-of-array' };

export interface PlannedField {
  /** Name in the Kubernetes JSON, e.g. `clusterIP`. */
  readonly json: string;
  /** Name of the L1 property, e.g. `clusterIp`. */
  readonly property: string;
  readonly form: FieldForm;
}

/** A module's exports, where converters are found by name. */
export type ConverterModule = Readonly<Record<string, unknown>>;

/**
 * Entries are compared without whitespace, parentheses or quote style, so
 * the plan is the same whether the module was compiled by tsc (lib/) or
 * transformed by the test runner, which prints the same code differently.
 */
function canonical(text: string): string {
  return text.replace(/[\s()]/g, '').replace(/"/g, "'");
}

const MAP_OF = /^obj\.(\w+)===undefined\?undefined:Object\.entriesobj\.\1\.reducer,i=>i\[1\]===undefined\?r:\{\.\.\.r,\[i\[0\]\]:(.+)\},\{\}$/;

/** Recognizes one right-hand side of a converter's `result` literal, in canonical form. */
function fieldForm(expression: string): { property: string; form: FieldForm } | undefined {
  let match: RegExpMatchArray | null;
  if ((match = /^obj\.(\w+)$/.exec(expression))) return { property: match[1]!, form: { kind: 'value' } };
  if ((match = /^obj\.(\w+)\?\.value$/.exec(expression))) return { property: match[1]!, form: { kind: 'union' } };
  if ((match = /^obj\.(\w+)\?\.toISOString$/.exec(expression))) return { property: match[1]!, form: { kind: 'date' } };
  if ((match = /^toJson_(\w+)obj\.(\w+)$/.exec(expression))) return { property: match[2]!, form: { kind: 'type', type: match[1]! } };
  if ((match = /^obj\.(\w+)\?\.mapy=>y$/.exec(expression))) return { property: match[1]!, form: { kind: 'array' } };
  if ((match = /^obj\.(\w+)\?\.mapy=>toJson_(\w+)y$/.exec(expression))) return { property: match[1]!, form: { kind: 'array-of-type', type: match[2]! } };
  if ((match = MAP_OF.exec(expression))) {
    const [, property, entry] = match as unknown as [string, string, string];
    if (entry === 'i[1]') return { property, form: { kind: 'map' } };
    if (entry === 'i[1]?.value') return { property, form: { kind: 'map-of-union' } };
    if (entry === 'i[1]?.mapy=>y') return { property, form: { kind: 'map-of-array' } };
    const typed = /^toJson_(\w+)i\[1\]$/.exec(entry);
    if (typed) return { property, form: { kind: 'map-of-type', type: typed[1]! } };
  }
  return undefined;
}

/** The top-level entries of an object literal's body, split at commas outside brackets. */
function entries(body: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      found.push(body.slice(start, i));
      start = i + 1;
    }
  }
  found.push(body.slice(start));
  return found.map((entry) => entry.trim()).filter(Boolean);
}

/** The plan of `toJson_<type>` in `module`, or undefined when its source is not in the generator's forms. */
export function converterPlan(module: ConverterModule, type: string): readonly PlannedField[] | undefined {
  const converter = module[`toJson_${type}`];
  if (typeof converter !== 'function') return undefined;
  const source = Function.prototype.toString.call(converter);
  const literal = /const result = \{([\s\S]*?)\};\s*(?:\/\/[^\n]*\s*)?return Object\.entries\(result\)/.exec(source);
  if (!literal) return undefined;
  const fields: PlannedField[] = [];
  for (const entry of entries(literal[1]!)) {
    const field = /^['"]([^'"]+)['"]\s*:\s*([\s\S]+)$/.exec(entry);
    const recognized = field ? fieldForm(canonical(field[2]!)) : undefined;
    if (!field || !recognized) return undefined;
    fields.push({ json: field[1]!, ...recognized });
  }
  return fields;
}
