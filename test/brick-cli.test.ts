import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'saas-charts-brick-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PLATFORM = `# Bricks of the marketplace (this comment must survive edits)
bricks:
  # one per purchase
  instances:
    - customer: acme
      app: suitecrm
    - customer: acme
      app: owncloud
      state: paused
`;

function tree(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => [relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), 'utf8')] as const)
    .sort(([a], [b]) => a.localeCompare(b)));
}

let dir: string;
let platform: string;
let out: string;
const brick = (...args: string[]) => runCli(['brick', ...args, '--platform', platform, '--out', out]);

beforeEach(() => {
  dir = mkdtempSync(join(root, 'case-'));
  platform = join(dir, 'platform.yaml');
  out = join(dir, 'dist');
  writeFileSync(platform, PLATFORM);
  expect(runCli(['synth', '--platform', platform, '--out', out, '--quiet']).code).toBe(0);
});

describe('saas-charts brick', () => {
  it('pause then resume returns dist/ and the platform file to the same bytes', () => {
    const before = tree(out);
    const pause = brick('pause', '--customer', 'acme', '--app', 'suitecrm');
    expect(pause.code).toBe(0);
    expect(pause.stdout).toBe(`paused brick acme-suitecrm in ${platform}; ${out}/: wrote bricks/acme-suitecrm.k8s.yaml\n`);
    expect(readFileSync(platform, 'utf8')).toContain('      state: paused\n    - customer: acme\n      app: owncloud');
    expect(readFileSync(join(out, 'bricks/acme-suitecrm.k8s.yaml'), 'utf8')).toContain('replicas: 0');
    expect(brick('resume', '--customer', 'acme', '--app', 'suitecrm').code).toBe(0);
    expect(tree(out)).toEqual(before);
    expect(readFileSync(platform, 'utf8')).toBe(PLATFORM);
  });

  it('writes what a full synth writes', () => {
    expect(brick('deploy', '--customer', 'globex', '--app', 'seeddms', '--set', 'ged.pvcSize=50Gi').code).toBe(0);
    const full = join(dir, 'full');
    expect(runCli(['synth', '--platform', platform, '--out', full, '--quiet']).code).toBe(0);
    expect(tree(out)).toEqual(tree(full));
    expect(readFileSync(platform, 'utf8')).toContain('# one per purchase');
    expect(readFileSync(join(out, 'bricks/globex-seeddms.k8s.yaml'), 'utf8')).toContain('storage: 50Gi');
  });

  it('deletes only with --yes off a terminal, and then removes that file and only that file', () => {
    const before = tree(out);
    const refused = brick('delete', '--customer', 'acme', '--app', 'owncloud');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Pass --yes to confirm.');
    expect(readFileSync(platform, 'utf8')).toBe(PLATFORM);
    expect(tree(out)).toEqual(before);

    const run = brick('delete', '--customer', 'acme', '--app', 'owncloud', '--yes');
    expect(run.code).toBe(0);
    const after = tree(out);
    expect(Object.keys(before).filter((path) => !(path in after))).toEqual(['bricks/acme-owncloud.k8s.yaml']);
    for (const [path, content] of Object.entries(after)) if (path !== '.saas-charts') expect(content, path).toBe(before[path]);
    expect(readFileSync(platform, 'utf8')).not.toContain('owncloud');
  });

  it('refuses bad input with exit 2 and changes nothing', () => {
    const before = tree(out);
    expect(brick('pause', '--customer', 'nobody', '--app', 'suitecrm').stderr).toContain('no brick nobody-suitecrm in the platform file');
    expect(brick('deploy', '--customer', 'acme', '--app', 'wordpress').stderr).toContain('--app "wordpress" is not one of suitecrm, seeddms, owncloud');
    expect(brick('deploy', '--customer', 'acme', '--app', 'suitecrm', '--set', 'replicas=3').stderr).toContain('--set "replicas" is not a brick setting');
    const bad = brick('deploy', '--customer', 'acme', '--app', 'suitecrm', '--set', 'crm.pvcSize=20GB');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bricks.instances[0].crm.pvcSize: "20GB" is not a Kubernetes quantity (did you mean "20Gi"?)');
    expect(readFileSync(platform, 'utf8')).toBe(PLATFORM);
    expect(tree(out)).toEqual(before);
  });
});
