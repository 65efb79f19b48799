/** `brick deploy | delete` on a platform with clusters: the brick's file lives in its cluster's folder, and so does its removal. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'saas-charts-brick-clusters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bricks on clusters', () => {
  it('deploy writes clusters/{cluster}/bricks/... and that cluster\'s Flux wiring; delete removes both', async () => {
    const platform = join(dir, 'platform.yaml');
    const out = join(dir, 'dist');
    writeFileSync(platform, 'clusters:\n  - { name: eu-1, maxBricks: 0 }\n  - { name: us-1 }\nbricks:\n  instances: []\n');
    expect((await cli(['synth', '--platform', platform, '--out', out, '--quiet'])).code).toBe(0);
    const brick = (action: string, ...extra: string[]) => cli(['brick', action, '--customer', 'acme', '--app', 'suitecrm', '--platform', platform, '--out', out, ...extra]);

    const deployed = await brick('deploy');
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(existsSync(join(out, 'clusters/us-1/bricks/acme-suitecrm.k8s.yaml'))).toBe(true);
    expect(existsSync(join(out, 'bricks/acme-suitecrm.k8s.yaml'))).toBe(false);
    expect(readFileSync(join(out, 'gitops/flux-us-1.k8s.yaml'), 'utf8')).toContain('path: "./dist/clusters/us-1/bricks"');
    expect(readFileSync(join(out, '.saas-charts'), 'utf8')).toContain('clusters/us-1/bricks/acme-suitecrm.k8s.yaml');

    const deleted = await brick('delete', '--yes');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(existsSync(join(out, 'clusters/us-1/bricks/acme-suitecrm.k8s.yaml'))).toBe(false);
    expect(existsSync(join(out, 'gitops/flux-us-1.k8s.yaml'))).toBe(false);
    expect(readFileSync(join(out, '.saas-charts'), 'utf8')).not.toContain('acme-suitecrm');
  });
});
