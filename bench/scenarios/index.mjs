/**
 * Every scenario `npm run bench` knows, in run order. A scenario is a module
 * exporting `id`, `title`, `run(ctx)` (returns a JSON-able result, stored in
 * results.json under scenarios[id]) and `report(result)` (the printed text).
 * ctx: { runs, warmup, log(line) }. To add one, write bench/scenarios/NAME.mjs
 * and list it here.
 */
import * as fleetSynth from './fleet-synth.mjs';

export const scenarios = [fleetSynth];
