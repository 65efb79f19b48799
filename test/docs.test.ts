import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { platformJsonSchema } from '../src/platform/json-schema.js';
import { REPO_ROOT } from './support/fleet.js';

const readme = readFileSync(`${REPO_ROOT}README.md`, 'utf8');
const ci = readFileSync(`${REPO_ROOT}.ci/run`, 'utf8');

interface SchemaNode { type?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; anyOf?: SchemaNode[] }

/** Leaf-level setting names (`maxReplicas`, `tenantSubdomains`...) of the platform schema. */
function settingNames(node: SchemaNode, names = new Set<string>()): Set<string> {
  for (const branch of node.anyOf ?? []) settingNames(branch, names);
  if (node.items) settingNames(node.items, names);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (!['requests', 'limits', 'cpu', 'memory'].includes(key)) names.add(key);
    settingNames(child, names);
  }
  return names;
}

describe('README', () => {
  it('opens with the two set-up commands, and CI runs exactly its test command after npm ci', () => {
    expect(readme.split('\n').slice(0, 6).join('\n')).toContain('npm ci && npm run synth');
    expect(readme.split('\n').slice(0, 6).join('\n')).toContain('npm test');
    expect(ci.split('\n').filter((line) => line.startsWith('npm '))).toEqual(['npm ci', 'npm run synth', 'npm test']);
  });

  it('documents every check rule', async () => {
    const { RULES } = await import('../src/check/rules/index.js');
    const table = readme.slice(readme.indexOf('### Checks'), readme.indexOf('## What `dist/` holds'));
    expect(RULES.map((rule) => rule.id).filter((id) => !table.includes(`| \`${id}\` | ${RULES.find((r) => r.id === id)?.severity} |`))).toEqual([]);
  });

  it('documents the CLI conventions: the shared options, colours and every exit code', async () => {
    const { ExitCode } = await import('../src/errors.js');
    const { OUTPUT_FORMATS } = await import('../src/cli/output/index.js');
    const section = readme.slice(readme.indexOf('### Output, progress, colours and exit codes'), readme.indexOf('### Applying to a cluster'));
    expect(section).toContain(`-o, --output ${OUTPUT_FORMATS.join('\\|')}`);
    for (const text of ['-q, --quiet', '-v, --verbose', 'NO_COLOR', 'FORCE_COLOR', '--out DIR']) expect(section).toContain(text);
    const documented = [...section.matchAll(/^\| (\d+) \| /gm)].map((match) => Number(match[1]));
    expect(documented).toEqual(Object.values(ExitCode));
  });

  it('documents every setting of the platform file', () => {
    const reference = readme.slice(readme.indexOf('## Platform file'), readme.indexOf('## Snapshot tests'));
    const missing = [...settingNames(platformJsonSchema() as SchemaNode)].filter((name) => !reference.includes(name));
    expect(missing).toEqual([]);
  });
});
