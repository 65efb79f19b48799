/** `--secrets-file`: supplied secret values, `"<secret>/<key>": value` (or `"<namespace>/<secret>/<key>"`). */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

export async function readSecretsFile(path: string): Promise<Record<string, string>> {
  const { parse } = await import('yaml');
  let parsed: unknown;
  try {
    parsed = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read --secrets-file ${path}: ${(error as Error).message.split('\n')[0]}; check the path, and that it is YAML`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new UsageError(`--secrets-file ${path} must be a map of "<secret>/<key>" (or "<namespace>/<secret>/<key>") to string values; run \`saas-charts secrets --offline\` to list the keys`);
  }
  return parsed as Record<string, string>;
}
