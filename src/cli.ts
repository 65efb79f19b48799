#!/usr/bin/env node
/** The `saas-charts` command. Heavy modules load inside each command, so `--help` starts fast. */
import { runCli } from './cli/program.js';

process.exitCode = await runCli(process.argv);
