/**
 * Every scenario `npm run bench` knows, in run order. A scenario is a module
 * exporting `id`, `title`, `run(ctx)` (returns a JSON-able result, stored in
 * results.json under scenarios[id]; an optional `targets` list of judged
 * targets, see report.mjs `judge`) and `report(result)` (the printed text).
 * ctx: { runs, warmup, log(line) }. To add one, write bench/scenarios/NAME.mjs
 * and list it here.
 */
import * as applier from './applier.mjs';
import * as cliColdStart from './cli-cold-start.mjs';
import * as fleetSynth from './fleet-synth.mjs';
import * as helmReference from './helm-reference.mjs';
import * as tenantRender from './tenant-render.mjs';

export const scenarios = [fleetSynth, tenantRender, cliColdStart, applier, helmReference];
