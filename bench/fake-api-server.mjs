/**
 * Builds the fake Kubernetes API server (test/support/fake-api-server, test
 * support code that lib/ does not contain) for the applier benchmark, on
 * demand: `tsc -p bench/tsconfig.fake.json` into bench/.build (incremental, so
 * a second build is quick; git-ignored by bench/.gitignore). The compiled
 * server finds the CRDs and schemas it reads relative to itself, so
 * bench/.build/imports/crds and bench/.build/schemas link back to the
 * repository's folders.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUILD_DIR = fileURLToPath(new URL('./.build', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function link(target, path) {
  try {
    if (lstatSync(path)) return;
  } catch {
    // absent: create it
  }
  symlinkSync(target, path, 'dir');
}

export function buildFakeApiServer() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'bench', 'tsconfig.fake.json')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  mkdirSync(join(BUILD_DIR, 'imports'), { recursive: true });
  link('../../../imports/crds', join(BUILD_DIR, 'imports', 'crds'));
  link('../../schemas', join(BUILD_DIR, 'schemas'));
  const entry = join(BUILD_DIR, 'test', 'support', 'fake-api-server', 'index.js');
  if (!existsSync(entry)) throw new Error(`building the fake API server produced no ${entry}`);
  return BUILD_DIR;
}
