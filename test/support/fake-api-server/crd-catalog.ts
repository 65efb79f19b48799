/**
 * CustomResourceDefinitions: the ones vendored in imports/crds (installed when the fake
 * starts, unless told otherwise) and the kinds any CRD object serves.
 *
 * The vendored YAML is 2 MB and takes about two seconds to parse, so only its shallow
 * lines (names, scope, versions, subresources) are parsed here; the schemas come from the
 * parsed copy in schemas/crd-schemas.json that the schema check keeps, and from the full
 * YAML only when that copy is stale.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { cachedDefinitions } from '../../../src/check/schema/crd-cache.js';
import { parseDefinitions } from '../../../src/check/schema/crds.js';
import type { CustomResourceDefinition } from '../../../src/check/schema/openapi-schema.js';
import { clone, isObject, stringAt, type Json, type JsonObject } from './json.js';
import { NAMESPACED_VERBS, type ResourceType } from './resource-types.js';

const CRD_FOLDER = fileURLToPath(new URL('../../../imports/crds/', import.meta.url));
/** Deeper lines hold the schemas; names, scope and versions sit above this indentation. */
const SHALLOW_INDENT = 8;

let vendored: readonly JsonObject[] | undefined;

/** Every CRD in imports/crds, complete with schemas, as `kubectl get crd -o json` would show it before it is installed. */
export function vendoredDefinitions(): readonly JsonObject[] {
  vendored ??= readdirSync(CRD_FOLDER)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) => definitionsOfFile(file));
  return vendored;
}

function definitionsOfFile(file: string): JsonObject[] {
  const bytes = readFileSync(`${CRD_FOLDER}${file}`);
  const text = bytes.toString('utf8');
  const group = file.slice(0, -'.yaml'.length);
  const shallow = parseAllDocuments(shallowLines(text))
    .map((document) => document.toJS() as Json)
    .filter((document): document is JsonObject => isObject(document) && document.kind === 'CustomResourceDefinition');
  const schemas = cachedDefinitions(group, bytes) ?? [...parseDefinitions(text, file)];
  return shallow.map((definition) => withSchemas(definition, schemas));
}

function shallowLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => {
      const indent = line.length - line.trimStart().length;
      return line.trim() !== '' && indent <= SHALLOW_INDENT;
    })
    .join('\n');
}

function withSchemas(shallow: JsonObject, schemas: readonly CustomResourceDefinition[]): JsonObject {
  const definition = clone(shallow);
  const spec = definition.spec as JsonObject;
  const kind = stringAt(spec, 'names', 'kind');
  const source = schemas.find((candidate) => candidate.spec?.names?.kind === kind && candidate.spec?.group === spec.group);
  for (const version of (spec.versions as JsonObject[] | undefined) ?? []) {
    const schema = source?.spec?.versions?.find((candidate) => candidate.name === version.name)?.schema?.openAPIV3Schema;
    if (schema !== undefined) version.schema = { openAPIV3Schema: clone(schema) as unknown as JsonObject };
  }
  delete definition.status;
  return definition;
}

/** The kinds a CRD serves, one per served version. */
export function typesOfDefinition(definition: JsonObject): ResourceType[] {
  const spec = definition.spec;
  if (!isObject(spec) || !isObject(spec.names)) return [];
  const names = spec.names;
  const group = String(spec.group ?? '');
  const kind = String(names.kind ?? '');
  const plural = String(names.plural ?? '');
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  return versions
    .filter((version) => version.served === true)
    .map((version) => ({
      group,
      version: String(version.name),
      resource: plural,
      singular: String(names.singular ?? kind.toLowerCase()),
      kind,
      listKind: String(names.listKind ?? `${kind}List`),
      namespaced: spec.scope !== 'Cluster',
      verbs: NAMESPACED_VERBS,
      shortNames: stringList(names.shortNames),
      categories: stringList(names.categories),
      statusSubresource: isObject(version.subresources) && isObject(version.subresources.status),
      tracksGeneration: true,
      definedBy: stringAt(definition, 'metadata', 'name') ?? `${plural}.${group}`,
    }));
}

/** The `openAPIV3Schema` of one version of a CRD. */
export function schemaOfVersion(definition: JsonObject, version: string): JsonObject | undefined {
  const versions = (definition.spec as JsonObject | undefined)?.versions;
  if (!Array.isArray(versions)) return undefined;
  const entry = versions.find((candidate) => isObject(candidate) && candidate.name === version);
  const schema = isObject(entry) && isObject(entry.schema) ? entry.schema.openAPIV3Schema : undefined;
  return isObject(schema) ? schema : undefined;
}

function stringList(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
