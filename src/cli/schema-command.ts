import type { Command } from 'commander';
import { createOutput, withOutputOptions, type OutputFlags } from './output/index.js';
import type { CliIo } from './program.js';

export function registerSchema(program: Command, io: CliIo): void {
  withOutputOptions(program
    .command('schema')
    .description('print the JSON Schema of the platform file (for editors and CI)'), {
    formats: ['json', 'yaml'],
    help: 'the schema as JSON (what platform.schema.json holds) or as YAML',
  })
    .addHelpText('after', '\nExamples:\n  $ saas-charts schema > platform.schema.json\n  $ saas-charts schema --output yaml | less')
    .action(async (flags: OutputFlags) => {
      const out = createOutput(flags, io);
      const { platformJsonSchema } = await import('../platform/json-schema.js');
      const schema = platformJsonSchema();
      await out.result(schema, () => '');
    });
}
