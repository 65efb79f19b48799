import type { Command } from 'commander';
import type { CliIo } from './program.js';

export function registerSchema(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('print the JSON Schema of the platform file (for editors and CI)')
    .addHelpText('after', '\nExample:\n  $ saas-charts schema > platform.schema.json')
    .action(async () => {
      const { platformJsonSchema } = await import('../platform/json-schema.js');
      io.stdout(`${JSON.stringify(platformJsonSchema(), null, 2)}\n`);
    });
}
