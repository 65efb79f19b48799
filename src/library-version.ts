/** The version of saas-charts in package.json: recorded with every revision (which library applied it), and the tag of the demo-expiry CronJob's default image. */
import { readFileSync } from 'node:fs';
import { packageFile } from './check/schema/package-root.js';

let version: string | undefined;

export function libraryVersion(): string {
  version ??= (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
  return version;
}
