/**
 * The Kubernetes 1.28 definitions vendored in schemas/ (scripts/vendor-k8s-schema.mjs):
 * read once on first use, each definition compiled once, when a kind first needs it.
 */
import { readFileSync } from 'node:fs';
import { QUANTITY_FORMAT } from './formats.js';
import { apiVersionOf, type GroupVersionKind, type OpenApiSchema } from './openapi-schema.js';
import { packageFile } from './package-root.js';
import { ANY_VALUE, compileRoot, compileSchema, type CompileOptions, type Validator } from './validator.js';

const KUBERNETES_DEFINITIONS_FILE = ['schemas', 'k8s-1.28.0-definitions.json'] as const;

const REF_PREFIX = '#/definitions/';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** Objects without declared fields that hold arbitrary JSON (managed fields, embedded objects). */
const FREE_FORM = ['io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1', 'io.k8s.apimachinery.pkg.runtime.RawExtension'];

interface Definition extends OpenApiSchema {
  readonly 'x-kubernetes-group-version-kind'?: readonly GroupVersionKind[];
}

interface DefinitionsFile {
  readonly definitions: Readonly<Record<string, Definition>>;
}

export interface KubernetesSchemas {
  /** The validator of a built-in kind, or undefined when Kubernetes 1.28 has no such apiVersion and kind. */
  kind(apiVersion: string, kind: string): Validator | undefined;
  /** The apiVersions serving a kind, for "did you mean" hints. */
  apiVersionsOf(kind: string): readonly string[];
  /** ObjectMeta, which custom resources' `metadata` is checked against. */
  objectMeta(): Validator;
}

let loaded: KubernetesSchemas | undefined;

export function kubernetesSchemas(): KubernetesSchemas {
  loaded ??= loadKubernetesSchemas(JSON.parse(readFileSync(packageFile(...KUBERNETES_DEFINITIONS_FILE), 'utf8')) as DefinitionsFile);
  return loaded;
}

function loadKubernetesSchemas(file: DefinitionsFile): KubernetesSchemas {
  const definitions = withKubernetesQuirks(file.definitions);
  const compiled = new Map<string, Validator>();
  const options: CompileOptions = { resolveRef: (ref) => definition(refName(ref)) };

  function definition(name: string): Validator {
    const done = compiled.get(name);
    if (done) return done;
    const schema = definitions[name];
    if (!schema) throw new Error(`the Kubernetes definitions have no ${JSON.stringify(name)}`);
    // Recursive types (JSONSchemaProps) reach themselves while compiling: forward through `target`.
    let target: Validator = ANY_VALUE;
    compiled.set(name, (value, context) => target(value, context));
    target = compileSchema(schema, options);
    compiled.set(name, target);
    return target;
  }

  const kinds = new Map<string, string>();
  const apiVersions = new Map<string, string[]>();
  for (const [name, schema] of Object.entries(definitions)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = apiVersionOf(gvk);
      kinds.set(kindKey(apiVersion, gvk.kind), name);
      apiVersions.set(gvk.kind, [...(apiVersions.get(gvk.kind) ?? []), apiVersion]);
    }
  }

  const roots = new Map<string, Validator>();
  return {
    kind(apiVersion, kind) {
      const key = kindKey(apiVersion, kind);
      const cached = roots.get(key);
      if (cached) return cached;
      const name = kinds.get(key);
      if (name === undefined) return undefined;
      const root = compileRoot(definitions[name], options, { status: ANY_VALUE });
      roots.set(key, root);
      return root;
    },
    apiVersionsOf: (kind) => apiVersions.get(kind) ?? [],
    objectMeta: () => definition(OBJECT_META),
  };
}

/** Says in the schema's own vocabulary what the definitions leave to Go code. */
function withKubernetesQuirks(definitions: Readonly<Record<string, Definition>>): Readonly<Record<string, Definition>> {
  const patched: Record<string, Definition> = { ...definitions };
  if (patched[QUANTITY]) patched[QUANTITY] = { ...patched[QUANTITY], format: QUANTITY_FORMAT };
  for (const name of FREE_FORM) {
    if (patched[name]) patched[name] = { ...patched[name], 'x-kubernetes-preserve-unknown-fields': true };
  }
  return patched;
}

function refName(ref: string): string {
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${JSON.stringify(ref)}`);
  return ref.slice(REF_PREFIX.length);
}

function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}
