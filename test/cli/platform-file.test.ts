/** Rewriting the platform file from a command: atomic, and the file keeps its permissions. */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replacePlatformFile } from '../../src/cli/platform-file.js';

describe('replacePlatformFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saas-charts-platform-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the text, keeps the mode and leaves no temporary file', async () => {
    const file = join(dir, 'platform.yaml');
    writeFileSync(file, 'tenants: []\n');
    chmodSync(file, 0o640);
    await replacePlatformFile(file, 'tenants:\n  - id: acme\n');
    expect(readFileSync(file, 'utf8')).toBe('tenants:\n  - id: acme\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['platform.yaml']);
  });
});
