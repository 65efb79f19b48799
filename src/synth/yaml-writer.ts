/**
 * Fast, deterministic YAML emitter for JSON-shaped Kubernetes manifests.
 *
 * Why not the `yaml` package: it builds a full document AST per object and is
 * over an order of magnitude slower than JSON.stringify on a fleet-sized synth.
 * Manifests are plain JSON data, so a direct block-style writer suffices.
 *
 * Output shape:
 * - block style, 2-space indent, keys in the caller's order (never re-sorted);
 * - sequences under a key are indented like the `yaml` package's default
 *   (`containers:\n  - name: x`; kubectl would not indent the dash);
 * - maps inside sequences are compact, kubectl-style (`- name: x\n  image: y`);
 * - empty collections are `{}` / `[]`;
 * - multi-line strings become literal block scalars (`|`, `|-`, `|+`).
 *
 * Strings are written plain only when no YAML 1.1 parser (go-yaml, which
 * Kubernetes tooling uses) nor YAML 1.2 parser can read them as anything else;
 * otherwise they are double-quoted with JSON escaping, which is valid YAML.
 */

import { StringBuilder } from './string-builder.js';

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Writes one YAML document ending in a single `\n`. */
export function toYaml(value: JsonValue): string {
  const emitter = new Emitter();
  emitter.document(value, '$');
  return emitter.text();
}

/**
 * Writes a multi-document stream the way cdk8s does: documents joined by
 * `---\n`, with no leading separator before the first one. An empty list
 * yields an empty string.
 */
export function toYamlStream(docs: readonly JsonValue[]): string {
  const emitter = new Emitter();
  for (let i = 0; i < docs.length; i++) {
    if (i > 0) emitter.separator();
    emitter.document(docs[i], `$[${i}]`);
  }
  return emitter.text();
}

// ---------------------------------------------------------------------------
// Document and collection layout

/** Guards against cyclic input, which would otherwise overflow the stack. */
const MAX_DEPTH = 1000;

/** YAML forbids implicit keys longer than 1024 characters; longer ones use `? key`. */
const MAX_IMPLICIT_KEY_LENGTH = 1000;

/** Appends the output to a StringBuilder (see there why not an array of pieces). */
class Emitter {
  private readonly out = new StringBuilder();

  text(): string {
    return this.out.toString();
  }

  separator(): void {
    this.out.append('---\n');
  }

  document(value: unknown, rootLabel: string): void {
    try {
      this.node(value, 0, false, true);
    } catch (error) {
      if (error instanceof UnrepresentableValue) {
        throw new Error(`Cannot write YAML: ${error.problem} at ${formatPath(rootLabel, error.segments)}`);
      }
      throw error;
    }
  }

  /**
   * Writes `value` and its trailing newline. `afterKey` means the cursor sits
   * right after `key:` (so scalars need a leading space and collections start on
   * the next line); otherwise it sits after `- `, `: ` or at document start, and
   * a collection's first entry continues the current line. `col` is the column
   * of the node's entries (map keys, `- ` dashes, block scalar lines).
   */
  private node(value: unknown, col: number, afterKey: boolean, isRoot = false): void {
    const out = this.out;
    switch (typeof value) {
      case 'string':
        if (afterKey) out.append(' ');
        out.append(stringText(value, col, !isRoot));
        out.append('\n');
        return;
      case 'number':
        if (afterKey) out.append(' ');
        out.append(numberText(value));
        out.append('\n');
        return;
      case 'boolean':
        out.append(afterKey ? (value ? ' true\n' : ' false\n') : value ? 'true\n' : 'false\n');
        return;
      case 'object':
        if (value === null) {
          out.append(afterKey ? ' null\n' : 'null\n');
          return;
        }
        if (col > MAX_DEPTH * 2) throw new UnrepresentableValue(`nesting deeper than ${MAX_DEPTH} levels (cyclic value?)`);
        if (Array.isArray(value)) {
          if (value.length === 0) out.append(afterKey ? ' []\n' : '[]\n');
          else this.sequence(value, col, afterKey ? newlinePadDash(col) : '- ');
          return;
        }
        if (!isPlainObject(value)) throw new UnrepresentableValue(`non-plain object (${describe(value)})`);
        if (!this.mapping(value, col, afterKey ? newlinePad(col) : '')) out.append(afterKey ? ' {}\n' : '{}\n');
        return;
      default:
        throw new UnrepresentableValue(describe(value));
    }
  }

  /** `firstDash` is the first `- ` with whatever continues a `- ` or `key:` line. */
  private sequence(items: readonly unknown[], col: number, firstDash: string): void {
    const dash = padDash(col);
    let i = 0;
    try {
      for (; i < items.length; i++) {
        this.out.append(i === 0 ? firstDash : dash);
        const item = items[i];
        // Like JSON.stringify: a hole or undefined inside an array becomes null.
        this.node(item === undefined ? null : item, col + 2, false);
      }
    } catch (error) {
      throw withSegment(error, i);
    }
  }

  /** Returns false (writing nothing) when no member is defined, so the caller can write `{}`. */
  private mapping(map: Record<string, unknown>, col: number, firstPad: string): boolean {
    const out = this.out;
    const keyPad = pad(col);
    let wroteAny = false;
    let key = '';
    try {
      // for-in walks the object's cached key list; Object.keys would allocate an array per mapping.
      for (key in map) {
        const value = map[key];
        // Like JSON.stringify: undefined members are absent.
        if (value === undefined) continue;
        const keyColon = keyWithColon(key);
        if (keyColon !== undefined) {
          out.append(wroteAny ? keyPad : firstPad);
          out.append(keyColon);
          wroteAny = true;
          this.node(value, col + 2, true);
        } else {
          out.append(wroteAny ? keyPad : firstPad);
          out.append(`? ${keyText(key)}\n${keyPad}: `);
          wroteAny = true;
          this.node(value, col + 2, false);
        }
      }
    } catch (error) {
      throw withSegment(error, key);
    }
    return wroteAny;
  }
}

/**
 * Manifests reuse a few hundred distinct keys millions of times, so the
 * rendered `key:` is memoised. Cleared when large so that unusual input
 * (e.g. maps keyed by ids) cannot grow it without bound.
 */
const keyColonCache = new Map<string, string | undefined>();
const KEY_CACHE_LIMIT = 10_000;

/** `key:` as written, or undefined when the key needs the explicit `? key` form. */
function keyWithColon(key: string): string | undefined {
  let cached = keyColonCache.get(key);
  if (cached === undefined && !keyColonCache.has(key)) {
    const text = keyText(key);
    cached = text.length <= MAX_IMPLICIT_KEY_LENGTH ? text + ':' : undefined;
    if (keyColonCache.size >= KEY_CACHE_LIMIT) keyColonCache.clear();
    keyColonCache.set(key, cached);
  }
  return cached;
}

function keyText(key: string): string {
  return isPlainSafe(key) ? key : doubleQuoted(key);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const padCache: string[] = [''];
const newlinePadCache: string[] = ['\n'];
const padDashCache: string[] = [];
const newlinePadDashCache: string[] = [];

function pad(col: number): string {
  return padCache[col] ?? (padCache[col] = ' '.repeat(col));
}

function newlinePad(col: number): string {
  return newlinePadCache[col] ?? (newlinePadCache[col] = '\n' + pad(col));
}

function padDash(col: number): string {
  return padDashCache[col] ?? (padDashCache[col] = pad(col) + '- ');
}

function newlinePadDash(col: number): string {
  return newlinePadDashCache[col] ?? (newlinePadDashCache[col] = '\n' + padDash(col));
}

// ---------------------------------------------------------------------------
// Scalars

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new UnrepresentableValue(`${n} is not a finite number`);
  // String() matches JSON.stringify for finite numbers (including -0 → "0").
  const text = String(n);
  // YAML 1.1 floats need a '.', so "1e+21" would read back as a string there.
  const e = text.indexOf('e');
  if (e !== -1 && text.lastIndexOf('.', e) === -1) return text.slice(0, e) + '.0' + text.slice(e);
  return text;
}

/**
 * Chooses plain, literal block or double-quoted style. `col` is where block
 * scalar lines go; blocks are off at document root, where the parent
 * indentation is -1 and an indentation indicator would be awkward.
 */
function stringText(s: string, col: number, blockAllowed: boolean): string {
  if (isPlainSafe(s)) return s;
  if (blockAllowed && s.includes('\n')) {
    const block = literalBlock(s, col);
    if (block !== undefined) return block;
  }
  return doubleQuoted(s);
}

/** Common manifest strings (names, labels, paths): one regex and done. */
const SIMPLE_PLAIN = /^[A-Za-z_/][\w./-]*$/;

/** YAML 1.1 booleans/nulls, matched case-insensitively to be safe with odd casings. */
const KEYWORD = /^(?:y|yes|n|no|true|false|on|off|null)$/i;

/** The `yaml` package's 1.1 float pattern accepts a bare exponent such as `e5`. */
const EXPONENT_LIKE = /^[eE][-+]?[0-9]/;

/**
 * Characters allowed anywhere in a plain scalar we write. Deliberately leaves out
 * flow indicators `,[]{}`, `\`, backtick, tab and all controls, plus Unicode
 * line breaks, spaces, bidi/format characters, BOM and non-characters, which
 * some parsers treat as whitespace or line breaks.
 */
const PLAIN_CHARS =
  /^(?:[\w ./\-:=@+%~()<>'"!?&*|^$;#\u00A1-\u167F\u1681-\u180D\u180F-\u1FFF\u2010-\u2027\u2030-\u205E\u2070-\u2FFF\u3001-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

/** First characters that are never YAML indicators nor the start of a number. */
const PLAIN_FIRST = /^[A-Za-z_/$\u00A1-\uFFFD]/;

/** `: ` starts a value, ` #` a comment; a trailing `:` or space would be lost or misread. */
const AMBIGUOUS_INSIDE = /: | #|[: ]$/;

/** Digit-first strings kept plain: resource quantities like `500m`, `0.5Gi`. No hex/octal/exponent/date shapes. */
const QUANTITY = /^(?:[1-9][0-9]*|0(?=\.))(?:\.[0-9]+)?[A-Za-z]+$/;

/** Dot-first strings kept plain: names like `.dockerconfigjson`, but not `.inf`, `.nan`, `.e5`. */
const DOT_WORD = /^\.(?![eE][-+0-9])(?!(?:inf|nan)$)[A-Za-z][\w./-]*$/i;

/** Dash-first strings kept plain: CLI flags like `-c`, `--port=80`; never `-1`, `-.inf`, `---`, `-e5`. */
const FLAG = /^--?(?![eE][-+0-9])[A-Za-z]/;

function isPlainSafe(s: string): boolean {
  const first = s.charCodeAt(0);
  if (SIMPLE_PLAIN.test(s)) {
    if (s.length <= 5 && KEYWORD.test(s)) return false;
    return !((first === 101 || first === 69) && EXPONENT_LIKE.test(s));
  }
  if (s === '' || !PLAIN_CHARS.test(s)) return false;
  if (first >= 48 && first <= 57) return QUANTITY.test(s);
  if (first === 46) return DOT_WORD.test(s);
  if (!(first === 45 ? FLAG.test(s) : PLAIN_FIRST.test(s)) || AMBIGUOUS_INSIDE.test(s)) return false;
  return !((first === 101 || first === 69) && EXPONENT_LIKE.test(s));
}

/**
 * Characters that rule out a literal block: controls other than `\n` (tab
 * included, as libyaml does), DEL/C1, Unicode line separators, BOM,
 * non-characters, lone surrogates, and trailing spaces on a line (libyaml
 * refuses those too, and editors strip them).
 */
const BLOCK_UNSAFE =
  /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]| \n| $|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Auto-detected indentation would swallow leading spaces of the first content line. */
const LEADING_SPACE = /^\n*[ ]/;

/** Literal block scalar text (header through last line, without final `\n`), or undefined if not faithful. */
function literalBlock(s: string, col: number): string | undefined {
  if (BLOCK_UNSAFE.test(s)) return undefined;
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 10) end--;
  if (end === 0) return undefined; // only newlines: nothing to anchor the indentation
  const trailingNewlines = s.length - end;
  const chomp = trailingNewlines === 0 ? '-' : trailingNewlines === 1 ? '' : '+';
  // The indicator is relative to the parent node's indentation, which is always col - 2.
  const indicator = LEADING_SPACE.test(s) ? '2' : '';
  const linePad = pad(col);
  let text = '|' + indicator + chomp;
  const lines = s.slice(0, end).split('\n');
  for (const line of lines) text += line === '' ? '\n' : '\n' + linePad + line;
  // The final '\n' comes from the caller; the rest of the kept newlines are empty lines.
  for (let i = 1; i < trailingNewlines; i++) text += '\n';
  return text;
}

/**
 * JSON string syntax is valid YAML double-quoted syntax, but JSON leaves DEL,
 * C1 controls, U+2028/2029, BOM and non-characters raw, which YAML forbids or
 * (in 1.1) reads as line breaks.
 */
const JSON_RAW_BUT_YAML_UNSAFE = /[\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
const JSON_RAW_BUT_YAML_UNSAFE_ALL = new RegExp(JSON_RAW_BUT_YAML_UNSAFE.source, 'g');

function doubleQuoted(s: string): string {
  const json = JSON.stringify(s);
  if (!JSON_RAW_BUT_YAML_UNSAFE.test(json)) return json;
  return json.replace(JSON_RAW_BUT_YAML_UNSAFE_ALL, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

// ---------------------------------------------------------------------------
// Errors with the path of the offending value

/** Internal: collects path segments while unwinding, turned into an Error at the root. */
class UnrepresentableValue extends Error {
  readonly segments: (string | number)[] = [];
  constructor(readonly problem: string) {
    super(problem);
  }
}

function withSegment(error: unknown, segment: string | number): unknown {
  if (error instanceof UnrepresentableValue) error.segments.unshift(segment);
  return error;
}

const IDENTIFIER = /^[A-Za-z_][\w-]*$/;

function formatPath(root: string, segments: readonly (string | number)[]): string {
  let path = root;
  for (const s of segments) {
    path += typeof s === 'number' ? `[${s}]` : IDENTIFIER.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  }
  return path;
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'object';
  return typeof value === 'function' ? 'function' : `${typeof value} value`;
}
