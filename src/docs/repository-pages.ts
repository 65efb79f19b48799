/** The chart pages of this repository: its default platform file, its chart sources, and where the pages live. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatform } from '../platform/load.js';
import { chartPages, type ChartPage } from './pages.js';

export const PAGES_FOLDER = 'docs/charts';

export async function repositoryChartPages(root: string): Promise<ChartPage[]> {
  const platform = await loadPlatform(join(root, 'platform.yaml'));
  return chartPages(platform, (path) => readFileSync(join(root, path), 'utf8'));
}
