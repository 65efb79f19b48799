/**
 * The platform-file keys that affect a chart, read from the platform's JSON
 * Schema: dotted key, type, default and description of every setting under a
 * section, so the page changes when the schema does.
 */
import { platformJsonSchema } from '../platform/json-schema.js';

interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly anyOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly description?: string;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly pattern?: string;
}

export const SETTINGS_HEADER = ['Key', 'Type', 'Default', 'Description'] as const;

/** Objects shown as one row: their inner keys are the same everywhere (requests and limits of cpu and memory). */
const COLLAPSED = new Set(['resources']);

/**
 * Rows for the section at `path` (e.g. `['bricks', 'gitops', 'flux']`); array
 * sections list their items' keys. Throws when the schema has no such section.
 */
export function settingsRows(path: readonly string[], schema: Record<string, unknown> = platformJsonSchema()): string[][] {
  let node = schema as SchemaNode;
  for (const segment of path) {
    const child = objectBranch(node).properties?.[segment];
    if (!child) throw new Error(`the platform schema has no section "${path.join('.')}"`);
    node = child;
  }
  const prefix = path.join('.');
  const root = objectBranch(node).type === 'array' && objectBranch(node).items ? objectBranch(objectBranch(node).items as SchemaNode) : objectBranch(node);
  if (!root.properties) return [[prefix, typeOf(node), defaultOf(node), node.description ?? '']];
  return flatten(root, root === objectBranch(node) ? `${prefix}.` : `${prefix}[].`);
}

/** `inherited` is the enclosing object's default, e.g. `{"pvcSize":"10Gi"}` for `crm`, which gives `crm.pvcSize` its default. */
function flatten(node: SchemaNode, prefix: string, inherited?: unknown): string[][] {
  return Object.entries(node.properties ?? {}).flatMap(([key, declared]) => {
    const fromParent = typeof inherited === 'object' && inherited !== null ? (inherited as Record<string, unknown>)[key] : undefined;
    const child = declared.default === undefined && fromParent !== undefined ? { ...declared, default: fromParent } : declared;
    const object = objectBranch(child);
    const items = object.type === 'array' && object.items ? objectBranch(object.items) : undefined;
    if (object.properties && !COLLAPSED.has(key)) {
      const heading = child.description ? [[`${prefix}${key}`, 'object', defaultOf(child), child.description]] : [];
      return [...heading, ...flatten(object, `${prefix}${key}.`, child.default)];
    }
    if (items?.properties) return [[`${prefix}${key}`, 'list', defaultOf(child), child.description ?? ''], ...flatten(items, `${prefix}${key}[].`)];
    return [[`${prefix}${key}`, COLLAPSED.has(key) ? 'requests/limits of cpu, memory' : typeOf(child), defaultOf(child), child.description ?? '']];
  });
}

/** The object branch of an optional or nullable node. */
function objectBranch(node: SchemaNode): SchemaNode {
  const branch = node.anyOf?.find((candidate) => candidate.type === 'object' || candidate.type === 'array');
  return branch ? { ...branch, default: node.default ?? branch.default, description: node.description ?? branch.description } : node;
}

function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.anyOf) return [...new Set(node.anyOf.map(typeOf))].join(' or ');
  if (node.type === 'array') return node.items ? `list of ${typeOf(node.items)}` : 'list';
  if (node.type === 'object') return 'map';
  if (Array.isArray(node.type)) return node.type.join(' or ');
  return typeof node.type === 'string' ? node.type : 'any';
}

/** Empty-object defaults say only "every key has its own default": left blank. */
function defaultOf(node: SchemaNode): string {
  const value = JSON.stringify(node.default);
  return node.default === undefined || value === '{}' ? '' : `\`${value}\``;
}
