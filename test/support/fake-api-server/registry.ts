/** The kinds being served right now: the built-in ones, plus those of every established CRD. */
import { schemaOfVersion, typesOfDefinition } from './crd-catalog.js';
import { stringAt, type JsonObject } from './json.js';
import { apiVersionOf, BUILT_IN_TYPES, splitApiVersion, type ResourceType } from './resource-types.js';
import { builtInShape, customResourceShape, UNTYPED, type Shape } from './shapes.js';

export class ResourceRegistry {
  private readonly definitions = new Map<string, JsonObject>();
  private readonly shapes = new Map<string, Shape>();
  private served: ResourceType[] = [...BUILT_IN_TYPES];

  /** Serves the kinds of a CRD (again, if it changed). */
  register(definition: JsonObject): void {
    const name = stringAt(definition, 'metadata', 'name') ?? '';
    this.definitions.set(name, definition);
    this.refresh();
  }

  unregister(name: string): void {
    if (this.definitions.delete(name)) this.refresh();
  }

  isRegistered(name: string): boolean {
    return this.definitions.has(name);
  }

  types(): readonly ResourceType[] {
    return this.served;
  }

  byResource(group: string, version: string, resource: string): ResourceType | undefined {
    return this.served.find((type) => type.group === group && type.version === version && type.resource === resource);
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    return this.served.find((type) => type.group === group && type.version === version && type.kind === kind);
  }

  /** For test knobs that name only a kind: the one served type of that kind. */
  byKindName(kind: string, apiVersion?: string): ResourceType {
    if (apiVersion !== undefined) {
      const type = this.byKind(apiVersion, kind);
      if (!type) throw new Error(`the fake API server does not serve ${apiVersion} ${kind}`);
      return type;
    }
    const matches = this.served.filter((type) => type.kind === kind);
    if (matches.length !== 1) throw new Error(matches.length === 0 ? `the fake API server does not serve kind ${kind}` : `kind ${kind} is served by ${matches.map(apiVersionOf).join(', ')}: say which apiVersion`);
    return matches[0];
  }

  /** The CRD behind a custom resource type. */
  definitionOf(type: ResourceType): JsonObject | undefined {
    return type.definedBy === undefined ? undefined : this.definitions.get(type.definedBy);
  }

  shapeOf(type: ResourceType): Shape {
    const key = `${type.group}/${type.version}/${type.kind}`;
    const cached = this.shapes.get(key);
    if (cached) return cached;
    const definition = this.definitionOf(type);
    const shape = definition ? customResourceShape(schemaOfVersion(definition, type.version)) : (builtInShape(type.group, type.version, type.kind) ?? UNTYPED);
    this.shapes.set(key, shape);
    return shape;
  }

  private refresh(): void {
    this.shapes.clear();
    this.served = [...BUILT_IN_TYPES, ...[...this.definitions.values()].flatMap(typesOfDefinition)];
  }
}
