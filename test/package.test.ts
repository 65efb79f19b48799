import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/fleet.js';

describe('the package', () => {
  it('has no side effects on import: no output, no files, nothing left running', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'saas-charts-import-'));
    try {
      const script = `const m = await import(${JSON.stringify(`${REPO_ROOT}lib/src/index.js`)}); await import(${JSON.stringify(`${REPO_ROOT}lib/src/testing/index.js`)}); console.log(typeof m.renderTenant);`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8', timeout: 20_000 });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('function\n');
      expect(run.status).toBe(0);
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('renders one tenant in memory, the same bytes as synth writes', async () => {
    const { renderTenant, synthPlatform, definePlatform } = await import('../src/index.js');
    const platform = definePlatform({ tenants: [{ id: 'acme', name: 'ACME', tier: 'enterprise' }, { id: 'joe', name: 'Joe', tier: 'free' }] });
    const rendered = renderTenant(platform, 'acme');
    expect(rendered.yaml).toBe(synthPlatform(platform).files.find((f) => f.path === 'tenants/acme.k8s.yaml')?.content);
    expect(() => renderTenant(platform, 'joe')).toThrow('tenant "joe" is served by the shared free tier and has no chart of its own');
    expect(() => renderTenant(platform, 'nobody')).toThrow('no tenant "nobody" in the platform');
  });
});
