/** Files shipped with the package (`schemas/`, `imports/crds/`), found from this module whether it runs from src/ or lib/. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding saas-charts' package.json: the repository, or node_modules/saas-charts. */
function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  root = dir;
  return root;
}

export function packageFile(...relative: string[]): string {
  return join(packageRoot(), ...relative);
}
