import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { toYaml, toYamlStream, type JsonValue } from '../src/synth/yaml-writer.js';

/** What the input means as JSON: drops undefined members, turns -0 into 0, gives plain prototypes. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Both YAML 1.1 (go-yaml's dialect, what kubectl & co read) and YAML 1.2 core must agree with JSON. */
function expectRoundTrip(value: unknown): void {
  const text = toYaml(value as JsonValue);
  const expected = asJson(value);
  expect(YAML.parse(text, { version: '1.1' }), `YAML 1.1 reading of:\n${text}`).toEqual(expected);
  expect(YAML.parse(text), `YAML 1.2 reading of:\n${text}`).toEqual(expected);
}

describe('toYaml layout', () => {
  it('writes a Deployment-like object in kubectl style', () => {
    const deployment: JsonValue = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'tenant-0042',
        labels: { 'app.kubernetes.io/name': 'web', tier: 'frontend' },
        annotations: {},
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'nginx:1.25',
                args: ['--port=8080', '8080', 'yes'],
                env: [],
                ports: [{ containerPort: 8080, protocol: 'TCP' }],
                resources: { limits: { cpu: '500m', memory: '128Mi' } },
              },
            ],
            volumes: [],
          },
        },
      },
      data: { 'nginx.conf': 'server {\n  listen 8080;\n}\n', motd: 'hello\nworld' },
    };
    expect(toYaml(deployment)).toBe(
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: tenant-0042
  labels:
    app.kubernetes.io/name: web
    tier: frontend
  annotations: {}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.25
          args:
            - --port=8080
            - "8080"
            - "yes"
          env: []
          ports:
            - containerPort: 8080
              protocol: TCP
          resources:
            limits:
              cpu: 500m
              memory: 128Mi
      volumes: []
data:
  nginx.conf: |
    server {
      listen 8080;
    }
  motd: |-
    hello
    world
`,
    );
    expectRoundTrip(deployment);
  });

  it('nests sequences compactly and writes root scalars and empties', () => {
    expect(toYaml([['a', 'b'], [], {}, [{ x: 1, y: [true, null] }]])).toBe(
      `- - a
  - b
- []
- {}
- - x: 1
    "y":
      - true
      - null
`,
    );
    expect(toYaml({})).toBe('{}\n');
    expect(toYaml([])).toBe('[]\n');
    expect(toYaml(null)).toBe('null\n');
    expect(toYaml('on')).toBe('"on"\n');
    expect(toYaml(-0)).toBe('0\n');
  });

  it('keeps key order as given and skips undefined members like JSON.stringify', () => {
    const value = { z: 1, a: undefined, m: { only: undefined } } as unknown as JsonValue;
    expect(toYaml(value)).toBe('z: 1\nm: {}\n');
  });

  it('chooses the literal block chomping and indentation indicator', () => {
    expect(toYaml({ clip: 'a\nb\n', strip: 'a\nb', keep: 'a\n\n\n', indented: '  a\nb\n' })).toBe(
      `clip: |
  a
  b
strip: |-
  a
  b
keep: |+
  a


indented: |2
    a
  b
`,
    );
    expect(toYaml(['x\ny'])).toBe('- |-\n  x\n  y\n');
  });

  it('falls back to double quotes where a block scalar would not be faithful', () => {
    expect(toYaml({ trailingSpace: 'a \nb', tab: 'a\tb\nc', cr: 'a\r\nb', onlyNewlines: '\n\n' })).toBe(
      `trailingSpace: "a \\nb"
tab: "a\\tb\\nc"
cr: "a\\r\\nb"
onlyNewlines: "\\n\\n"
`,
    );
    // JSON leaves these raw, but libyaml/go-yaml would fold them like line breaks.
    expect(toYaml(['a\u2028b', 'a\u0085b', '\uFEFF'])).toBe('- "a\\u2028b"\n- "a\\u0085b"\n- "\\ufeff"\n');
    // A multi-line key or root string is never a block scalar.
    expect(toYaml({ 'a\nb': 1 })).toBe('"a\\nb": 1\n');
    expect(toYaml('a\nb')).toBe('"a\\nb"\n');
  });

  it('writes numbers so that YAML 1.1 still reads floats as floats', () => {
    expect(toYaml([1, -2.5, 1e21, 1.5e-7, 1e-7, 123456789012345680000])).toBe(
      '- 1\n- -2.5\n- 1.0e+21\n- 1.5e-7\n- 1.0e-7\n- 123456789012345680000\n',
    );
  });

  it('uses an explicit key for keys too long for an implicit key', () => {
    const key = 'k'.repeat(1500);
    const text = toYaml({ [key]: { a: 1 }, short: 2 });
    expect(text).toBe(`? ${key}\n: a: 1\nshort: 2\n`);
    expectRoundTrip({ [key]: { a: 1 }, short: 2 });
  });
});

describe('toYamlStream', () => {
  it('joins documents with ---, like cdk8s', () => {
    expect(toYamlStream([{ kind: 'A' }, ['x'], 'z'])).toBe('kind: A\n---\n- x\n---\nz\n');
    expect(toYamlStream([])).toBe('');
  });
});

describe('unrepresentable values', () => {
  it('rejects NaN and infinities with the path in the message', () => {
    expect(() => toYaml({ spec: { replicas: NaN } })).toThrow('NaN is not a finite number at $.spec.replicas');
    expect(() => toYaml({ a: [1, { 'x.y': Infinity }] })).toThrow('at $.a[1]["x.y"]');
    expect(() => toYamlStream([{}, { b: -Infinity }])).toThrow('at $[1].b');
  });

  it('rejects non-JSON values instead of guessing', () => {
    expect(() => toYaml({ when: new Date(0) } as unknown as JsonValue)).toThrow('non-plain object (Date) at $.when');
    expect(() => toYaml({ n: 1n } as unknown as JsonValue)).toThrow('bigint value at $.n');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => toYaml(cyclic as JsonValue)).toThrow(/nesting deeper than \d+ levels/);
  });
});

// Strings a YAML 1.1 or 1.2 parser would read as something else. Each must be quoted.
const AMBIGUOUS_STRINGS = [
  // booleans and nulls, YAML 1.1 and 1.2
  ...['yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N'],
  ...['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '~', '', 'yEs', 'nULL'],
  // numbers in every notation
  ...['1', '-1', '+1', '0', '1.0', '1.', '.5', '-.5', '+.5', '1e3', '1E3', '1e+3', '1.5e-3', 'e5', 'E+5', '.e5'],
  ...['0x1F', '0X1F', '0xABC', '0o7', '0O7', '017', '0b101', '1_000', '1_000.5', '-0', '00', '1:20', '-1:20:30.5'],
  ...['.inf', '.Inf', '.INF', '-.inf', '+.inf', '.nan', '.NaN', '.NAN', '.', '..', '._'],
  // timestamps
  ...['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2001-12-15T02:59:43.1Z'],
  // YAML 1.1 merge/value keys, document markers
  ...['<<', '=', '---', '...', '--- x', '%YAML 1.2'],
  // surrounding whitespace and indicators
  ...[' a', 'a ', ' ', '\ta', 'a\t', '- a', '-', '? a', '?', ': a', ':', 'a:', 'a: b', 'a #b', '#a'],
  ...[',a', '[a]', ']', '{a}', '}', '&a', '*a', '!a', '!!str', '|', '|a', '>', '>a', "'a'", '"a"', '%a', '@a', '`a'],
  ...['a,b', 'a[0]', 'a{b}', 'C:\\path', 'a`b'],
  // control, invisible and line-breaking characters
  ...['a\u0000b', 'a\u0007', '\u007F', 'a\u0085b', 'a\u2028b', 'a\u2029b', '\uFEFFa', 'a\u00A0', '\u00A0a', '\u3000'],
  ...['a\rb', 'a\u200Bb', 'a\u202Eb', '\uD800', 'a\uDC00b'],
];

// Common manifest strings that must stay readable (plain) and still round-trip.
const PLAIN_STRINGS = [
  'nginx:1.25',
  'apps/v1',
  'app.kubernetes.io/name',
  '500m',
  '128Mi',
  '0.5Gi',
  '/var/lib/data',
  'http://example.com:8080/x?y=1&z=2',
  '--port=8080',
  '-c',
  '.dockerconfigjson',
  '$(POD_IP)',
  'hello world',
  'a#b',
  "it's",
  'say "hi"',
  'café',
  '日本語',
  '😀 emoji',
  'yes-please',
  'nullable',
  'Infinity',
  'NaN',
];

describe('scalar quoting', () => {
  it.each(AMBIGUOUS_STRINGS.map((s) => [JSON.stringify(s), s]))('quotes %s', (_label, s) => {
    expect(toYaml(s)).toMatch(/^"/);
    expect(toYaml([s])).toMatch(/^- "/);
    expect(toYaml({ [s]: s })).toMatch(/^"/);
    expectRoundTrip({ [s]: s, list: [s] });
  });

  it.each(PLAIN_STRINGS)('keeps %s plain', (s) => {
    expect(toYaml({ [s]: s })).toBe(`${s}: ${s}\n`);
    expectRoundTrip({ [s]: s, list: [s] });
  });
});

// ---------------------------------------------------------------------------
// Property-based: any JSON value round-trips through both YAML dialects.

const yamlKeyword = fc.constantFrom(
  ...['yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'False', 'NULL', '~', '', '<<', '=', '.inf', '-.Inf', '.NaN'],
);

const numberLikeString = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.nat().map((n) => `0x${n.toString(16)}`),
  fc.nat().map((n) => `0o${n.toString(8)}`),
  fc.nat().map((n) => `0${n.toString(8)}`),
  fc.nat().map((n) => `0b${n.toString(2)}`),
  fc.tuple(fc.integer(), fc.integer({ min: -30, max: 30 })).map(([m, e]) => `${m}e${e}`),
  fc.tuple(fc.nat(), fc.nat({ max: 59 })).map(([h, m]) => `${h}:${m}`),
  fc.nat().map((n) => n.toLocaleString('en-US').replaceAll(',', '_')),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('+1', '.5', '1.', '-.5', '1_0', 'e5', '.e5', '1e', '0x', '00'),
);

/** Building blocks that exercise every quoting rule when concatenated. */
const trickyPiece = fc.constantFrom(
  ...[': ', ' #', ':', '#', '-', '--', '---', '...', '.', '?', ' ', '  ', '\t', '\n', '\n\n', '\r'],
  ...['"', "'", '\\', '|', '>', '&', '*', '!', '%', '@', '`', ',', '[', ']', '{', '}', '=', '~', '<<', '$', '/'],
  ...['é', '日本', '😀', '\u00A0', '\u0085', '\u2028', '\u2029', '\uFEFF', '\u200B', '\u3000', '\u007F', '\u0000'],
  ...['a', 'b', 'x y', 'yes', 'null', '1', '0x', 'e5', '500m', 'inf'],
);

const trickyString = fc.oneof(
  yamlKeyword,
  numberLikeString,
  fc.string({ unit: trickyPiece, maxLength: 6 }),
  fc.string().map((s) => ` ${s}`),
  fc.string().map((s) => `${s} `),
  fc
    .array(fc.oneof(fc.string({ unit: trickyPiece, maxLength: 3 }), fc.constantFrom('', ' ', '  x', 'x')), {
      maxLength: 4,
    })
    .map((lines) => lines.join('\n')),
  fc.string({ unit: 'grapheme' }),
);

const trickyJson = fc.letrec<{ value: JsonValue; list: JsonValue[]; map: Record<string, JsonValue> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    trickyString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    tie('list'),
    tie('map'),
  ),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(trickyString, tie('value'), { maxKeys: 5 }),
})).value;

describe('round trip (property-based)', () => {
  // fc.jsonValue may generate `__proto__` keys and -0; asJson() keeps the former
  // as an own property (as YAML.parse does) and turns the latter into 0.
  it('any fc.jsonValue (ascii strings)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => expectRoundTrip(v)),
      { numRuns: 500 },
    );
  });

  it('any fc.jsonValue (arbitrary code units, including lone surrogates)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (v) => expectRoundTrip(v)),
      { numRuns: 300 },
    );
  });

  it('values biased toward YAML-ambiguous strings', () => {
    fc.assert(
      fc.property(trickyJson, (v) => expectRoundTrip(v)),
      { numRuns: 1000 },
    );
  });

  it('every document of a stream comes back', () => {
    fc.assert(
      fc.property(fc.array(trickyJson, { maxLength: 5 }), (docs) => {
        const text = toYamlStream(docs);
        const parsed = YAML.parseAllDocuments(text);
        const read = Array.from(parsed, (doc) => {
          expect(doc.errors, text).toEqual([]);
          return doc.toJS() as unknown;
        });
        expect(read, text).toEqual(asJson(docs));
      }),
      { numRuns: 300 },
    );
  });
});
