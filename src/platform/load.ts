/** Platform file -> validated model. Bad input becomes one ConfigError listing every problem. */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { formatPath, locate, zodIssueMessage, type IssuePath } from './issues.js';
import { platformSchema, type Platform, type PlatformInput } from './schema.js';
import { crossValidate } from './validate.js';

/** Parses and validates platform YAML. `source` names the file in messages. */
export function parsePlatform(text: string, source = 'platform.yaml'): Platform {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((error) => {
      const { line, col } = lines.linePos(error.pos[0]);
      return { path: '', location: `${source}:${line}:${col}`, message: `not valid YAML: ${firstLine(error.message)}` };
    }), source);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolved aliases and alias bombs surface only when the document is converted.
    throw new ConfigError([{ path: '', message: `not valid YAML: ${firstLine((error as Error).message)}` }], source);
  }
  if (value === null || value === undefined) {
    throw new ConfigError([{ path: '', message: 'the file is empty; it must be a mapping with any of global, system, freeTier, tenants' }], source);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([{ path: '', message: `expected a mapping with any of global, system, freeTier, tenants, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}` }], source);
  }
  return validatePlatform(value, source, doc, lines);
}

/** Validates a platform given as a plain object (the library API). */
export function definePlatform(input: PlatformInput, source = 'platform'): Platform {
  return validatePlatform(input, source);
}

export async function loadPlatform(path: string): Promise<Platform> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, expected a platform YAML file' : String((error as Error).message);
    throw new ConfigError([{ path: '', message: `cannot read ${path}: ${reason}` }], path);
  }
  return parsePlatform(text, path);
}

function validatePlatform(input: unknown, source: string, doc?: Document, lines?: LineCounter): Platform {
  const result = platformSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    const issues = result.error.issues.map((issue): ConfigIssue => ({
      path: formatPath(issue.path),
      message: zodIssueMessage(issue, knownKeysAt),
      location: locate(doc, lines, source, issue.path),
    }));
    throw new ConfigError(issues, source);
  }
  const problems = crossValidate(result.data);
  if (problems.length > 0) {
    throw new ConfigError(problems.map(({ at, path, message }) => ({ path, message, location: locate(doc, lines, source, at) })), source);
  }
  return result.data;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/** The keys the schema accepts at a path, for "did you mean" hints. */
function knownKeysAt(path: IssuePath): readonly string[] {
  let schema: z.core.$ZodType | undefined = platformSchema;
  for (const segment of path) {
    schema = schema && childSchema(unwrap(schema), segment);
  }
  const object = schema && unwrap(schema);
  return object && object._zod.def.type === 'object' ? Object.keys((object as z.core.$ZodObject)._zod.def.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

function childSchema(schema: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType | undefined {
  const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
  if (def.type === 'object' && typeof segment === 'string') return def.shape?.[segment];
  if (def.type === 'array' && typeof segment === 'number') return def.element;
  return undefined;
}
