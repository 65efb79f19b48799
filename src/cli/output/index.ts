/**
 * The CLI conventions every command shares (README "Output, colours and exit codes").
 *
 * In a command:
 *   withOutputOptions(program.command('x'), { formats: ['table', 'json', 'yaml'] })
 *     .action(async (flags: XFlags & OutputFlags) => {
 *       const out = createOutput(flags, io);
 *       out.detail('read platform.yaml');                      // --verbose only, stderr
 *       const progress = out.progress(); progress.update('1/3'); progress.done();
 *       await out.result(data, () => formatTable(rows, columns, { paint: out.paint }));
 *     });
 *
 * - `--output table|json|yaml` (`text` is an alias of table); json/yaml print `data`, the same
 *   object for both; table prints what the callback returns. `formats` narrows the choices
 *   (its first is the default); `document` makes a command print its own document (manifests,
 *   a diagram) when --output is absent; `formats: []` refuses --output with `hint`.
 * - Progress of applier events: see ../apply-progress.ts; notes (`out.note`) say what to do next.
 * - `--quiet`: nothing on stdout, only errors on stderr. `--verbose`: details on stderr.
 * - Colours only on a terminal with NO_COLOR unset; FORCE_COLOR forces them.
 */
export { colourEnabled, painter, stripAnsi, type Painter, type Style } from './colour.js';
export { OUTPUT_FORMATS, parseOutputFormat, withOutputOptions, withVerbosityOptions, type OutputFlags, type OutputFormat, type OutputOptionSpec } from './options.js';
export { createOutput, type Output } from './output.js';
export { createProgress, type Progress, type ProgressMode } from './progress.js';
export { toJson, toYaml } from './serialize.js';
export { formatTable, type Column, type TableOptions } from './table.js';
