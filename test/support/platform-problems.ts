/** The problems a platform text is rejected with, as `path: message` lines; fails the test when it is accepted. */
import { ConfigError } from '../../src/errors.js';
import { parsePlatform } from '../../src/platform/load.js';

export function platformProblems(text: string): string[] {
  try {
    parsePlatform(text, 'fleet.yaml');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('expected the platform to be rejected');
}
