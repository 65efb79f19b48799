/** The machine formats: JSON (2-space indent, trailing newline) and YAML, of the same result object. */

/**
 * Keys keep the order the command built them in (results are plain objects built in
 * code, so the order is stable from run to run); `undefined` fields are left out.
 */
export function toJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** YAML of the same data (the parser loads only when YAML is asked for, so --help stays fast). */
export async function toYaml(data: unknown): Promise<string> {
  const { stringify } = await import('yaml');
  return stringify(JSON.parse(JSON.stringify(data)) as unknown, { lineWidth: 0, aliasDuplicateObjects: false });
}
