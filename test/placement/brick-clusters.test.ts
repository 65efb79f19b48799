/**
 * `brick deploy | delete` on a platform with clusters: the brick's file lives in its cluster's folder,
 * and neither command moves any brick to another cluster (they pin what they place or would move).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, json } from '../cli/in-process.js';
import { clusterFolders } from './cluster-folders.js';

const dir = mkdtempSync(join(tmpdir(), 'saas-charts-brick-clusters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bricksOf = (file: string) => (parse(readFileSync(file, 'utf8')) as { bricks: { instances: { customer: string; cluster?: string }[] } }).bricks.instances;
const tree = (root: string) => Object.fromEntries(readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name !== '.saas-charts')
  .map((e) => [relative(root, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), 'utf8')] as const));

/** A case folder: its platform file, a first synth, and the brick command against both. */
async function fleet(name: string, text: string) {
  const platform = join(dir, `${name}.yaml`);
  const out = join(dir, `${name}-dist`);
  writeFileSync(platform, text);
  expect((await cli(['synth', '--platform', platform, '--out', out, '--quiet'])).code).toBe(0);
  const brick = (action: string, customer: string, ...extra: string[]) => cli(['brick', action, '--customer', customer, '--app', 'suitecrm', '--platform', platform, '--out', out, ...extra]);
  /** A fresh full synth of the platform file as it is now. */
  const synth = async () => {
    const full = join(dir, `${name}-full-${Date.now()}`);
    expect((await cli(['synth', '--platform', platform, '--out', full, '--quiet'])).code).toBe(0);
    return full;
  };
  return { platform, out, brick, synth };
}

describe('bricks on clusters', () => {
  it('deploy writes clusters/{cluster}/bricks/... and that cluster\'s Flux wiring; delete removes both', async () => {
    const { out, brick } = await fleet('one', 'clusters:\n  - { name: eu-1, maxBricks: 0 }\n  - { name: us-1 }\nbricks:\n  instances: []\n');
    const deployed = await brick('deploy', 'acme');
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(existsSync(join(out, 'clusters/us-1/bricks/acme-suitecrm.k8s.yaml'))).toBe(true);
    expect(existsSync(join(out, 'bricks/acme-suitecrm.k8s.yaml'))).toBe(false);
    expect(readFileSync(join(out, 'gitops/flux-us-1.k8s.yaml'), 'utf8')).toContain('path: "./dist/clusters/us-1/bricks"');
    expect(readFileSync(join(out, '.saas-charts'), 'utf8')).toContain('clusters/us-1/bricks/acme-suitecrm.k8s.yaml');

    const deleted = await brick('delete', 'acme', '--yes');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(existsSync(join(out, 'clusters/us-1/bricks/acme-suitecrm.k8s.yaml'))).toBe(false);
    expect(existsSync(join(out, 'gitops/flux-us-1.k8s.yaml'))).toBe(false);
    expect(readFileSync(join(out, '.saas-charts'), 'utf8')).not.toContain('acme-suitecrm');
  });

  it('delete of the brick holding eu-1\'s only seat pins the later bricks to us-1, where they run: nothing moves', async () => {
    const { platform, out, brick, synth } = await fleet('delete', [
      'clusters:', '  - { name: eu-1, maxBricks: 1 }', '  - { name: us-1 }',
      'bricks:', '  instances:', '    - { customer: a, app: suitecrm }', '    # b and c run on us-1', '    - { customer: b, app: suitecrm }', '    - { customer: c, app: suitecrm }', '',
    ].join('\n'));
    const before = clusterFolders(out);
    expect(Object.fromEntries(before)).toEqual({ 'bricks/a-suitecrm.k8s.yaml': 'eu-1', 'bricks/b-suitecrm.k8s.yaml': 'us-1', 'bricks/c-suitecrm.k8s.yaml': 'us-1' });

    const run = await brick('delete', 'a', '--yes', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    // Without b's pin b would take eu-1's seat; with it, c would: both are pinned.
    expect(json<{ pinned: unknown[] }>(run).pinned).toEqual([
      { kind: 'brick', name: 'b-suitecrm', cluster: 'us-1', reason: 'kept' },
      { kind: 'brick', name: 'c-suitecrm', cluster: 'us-1', reason: 'kept' },
    ]);
    expect(bricksOf(platform)).toEqual([{ customer: 'b', app: 'suitecrm', cluster: 'us-1' }, { customer: 'c', app: 'suitecrm', cluster: 'us-1' }]);
    expect(readFileSync(platform, 'utf8')).toContain('# b and c run on us-1');
    const full = await synth();
    expect(Object.fromEntries(clusterFolders(full))).toEqual({ 'bricks/b-suitecrm.k8s.yaml': 'us-1', 'bricks/c-suitecrm.k8s.yaml': 'us-1' });
    // The files the command rewrote are what a full synth writes.
    expect(tree(out)).toEqual(tree(full));
  });

  it('deploy pins the brick where it is placed, so removing an earlier brick by hand later cannot move it', async () => {
    const { platform, out, brick, synth } = await fleet('deploy', 'clusters:\n  - { name: eu-1, maxBricks: 1 }\n  - { name: us-1 }\nbricks:\n  instances:\n    - { customer: a, app: suitecrm }\n');
    const run = await brick('deploy', 'd');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`pinned in ${platform}: brick d-suitecrm to us-1 (where it is placed)\n`);
    expect(bricksOf(platform)).toEqual([{ customer: 'a', app: 'suitecrm' }, { customer: 'd', app: 'suitecrm', cluster: 'us-1' }]);
    expect(clusterFolders(out).get('bricks/d-suitecrm.k8s.yaml')).toBe('us-1');
    expect(tree(out)).toEqual(tree(await synth()));

    writeFileSync(platform, readFileSync(platform, 'utf8').replace('    - { customer: a, app: suitecrm }\n', ''));
    expect(clusterFolders(await synth()).get('bricks/d-suitecrm.k8s.yaml')).toBe('us-1');
  });
});
