/**
 * `npm run docs`: renders the chart pages of the repository's default platform
 * into docs/charts/, removing pages no chart produces any more. The repository
 * root is the first argument, or the working folder.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PAGES_FOLDER, repositoryChartPages } from './repository-pages.js';

const root = resolve(process.argv[2] ?? process.cwd());
const folder = join(root, PAGES_FOLDER);
const pages = await repositoryChartPages(root);
await mkdir(folder, { recursive: true });
const wanted = new Set(pages.map((page) => page.file));
for (const file of await readdir(folder)) if (file.endsWith('.md') && !wanted.has(file)) await rm(join(folder, file));
for (const page of pages) {
  await writeFile(join(folder, page.file), page.text);
  process.stdout.write(`wrote ${join(PAGES_FOLDER, page.file)}\n`);
}
