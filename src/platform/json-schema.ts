/** The platform file's JSON Schema (what editors validate against), generated from the zod schema. */
import { z } from 'zod';
import { platformSchema } from './schema.js';

export function platformJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(platformSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
