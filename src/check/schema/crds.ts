/**
 * Custom resources: the `openAPIV3Schema` of each served version of the CRDs vendored in
 * imports/crds/<group>.yaml, taken from the parsed copy in schemas/ while it matches the
 * file, else parsed from the YAML document by document, only as far as the kinds asked
 * for. Each kind is compiled on first use. `metadata` is checked as ObjectMeta (CRDs only
 * say `type: object`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Composer, Parser } from 'yaml';
import { cachedDefinitions } from './crd-cache.js';
import { kubernetesSchemas } from './definitions.js';
import { apiVersionOf, type CustomResourceDefinition, type OpenApiSchema } from './openapi-schema.js';
import { packageFile } from './package-root.js';
import { ANY_VALUE, compileRoot, compileSchema, type Validator } from './validator.js';

export interface CustomResourceSchemas {
  /** The validator of a served version of a kind in this group, or undefined. */
  kind(version: string, kind: string): Validator | undefined;
  /** The apiVersions serving a kind, for "did you mean" hints. */
  apiVersionsOf(kind: string): readonly string[];
}

const GROUP_NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const groups = new Map<string, CustomResourceSchemas | undefined>();

/** The CRD schemas of an API group, or undefined when imports/crds has no file for it. */
export function customResourceSchemas(group: string): CustomResourceSchemas | undefined {
  if (groups.has(group)) return groups.get(group);
  const schemas = GROUP_NAME.test(group) ? loadGroup(group) : undefined;
  groups.set(group, schemas);
  return schemas;
}

function loadGroup(group: string): CustomResourceSchemas | undefined {
  const file = packageFile('imports', 'crds', `${group}.yaml`);
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  return groupSchemas(group, cachedDefinitions(group, bytes) ?? parseDefinitions(bytes.toString('utf8'), file));
}

/** The schemas of a group's CRDs, read from `definitions` only as far as the kinds asked for. */
export function groupSchemas(group: string, definitions: Iterable<CustomResourceDefinition>): CustomResourceSchemas {
  const schemas = new Map<string, OpenApiSchema>();
  const apiVersions = new Map<string, string[]>();
  const unread = definitions[Symbol.iterator]();

  const register = (crd: CustomResourceDefinition): void => {
    const kind = crd.spec?.names?.kind;
    if (crd.kind !== 'CustomResourceDefinition' || crd.spec?.group !== group || kind === undefined) return;
    for (const version of crd.spec.versions ?? []) {
      const schema = version.schema?.openAPIV3Schema;
      if (version.served !== true || schema === undefined) continue;
      schemas.set(kindKey(version.name, kind), schema);
      apiVersions.set(kind, [...(apiVersions.get(kind) ?? []), apiVersionOf({ group, version: version.name })]);
    }
  };
  const readUntil = (found: () => boolean): void => {
    while (!found()) {
      const next = unread.next();
      if (next.done) return;
      register(next.value);
    }
  };

  const roots = new Map<string, Validator>();
  return {
    kind(version, kind) {
      const key = kindKey(version, kind);
      const cached = roots.get(key);
      if (cached) return cached;
      readUntil(() => schemas.has(key));
      const schema = schemas.get(key);
      if (schema === undefined) return undefined;
      const root = compileRoot(schema, {}, rootFields());
      roots.set(key, root);
      return root;
    },
    apiVersionsOf(kind) {
      readUntil(() => false);
      return apiVersions.get(kind) ?? [];
    },
  };
}

/** The documents of a multi-document CRD file, parsed one at a time as they are pulled. */
export function* parseDefinitions(text: string, source: string): Generator<CustomResourceDefinition, void> {
  const documents = new Composer().compose(new Parser().parse(text));
  for (const document of documents) {
    if (document.errors.length > 0) throw new Error(`${source}: not valid YAML: ${document.errors[0].message}`);
    yield (document.toJS() ?? {}) as CustomResourceDefinition;
  }
}

/** What the API server checks itself whatever the CRD says: apiVersion, kind, metadata; status is ours to ignore. */
function rootFields(): Record<string, Validator> {
  const text = compileSchema({ type: 'string' }, {});
  return { apiVersion: text, kind: text, metadata: kubernetesSchemas().objectMeta(), status: ANY_VALUE };
}

function kindKey(version: string, kind: string): string {
  return `${version} ${kind}`;
}
