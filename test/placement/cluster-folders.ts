/** Where synth put each tenant, brick and customer: `bricks/acme-suitecrm.k8s.yaml` -> `us-1` (its dist/clusters/<name>/ folder). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function clusterFolders(out: string): Map<string, string> {
  const folders = new Map<string, string>();
  const root = join(out, 'clusters');
  if (!existsSync(root)) return folders;
  for (const cluster of readdirSync(root)) {
    for (const kind of ['tenants', 'bricks', 'customers']) {
      const dir = join(root, cluster, kind);
      if (existsSync(dir)) for (const file of readdirSync(dir)) folders.set(`${kind}/${file}`, cluster);
    }
  }
  return folders;
}
