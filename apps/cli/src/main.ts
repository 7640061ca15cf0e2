#!/usr/bin/env node
// `refinery`: the command line of the refinery REST API (see README.md).
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), process.env, (t) => void process.stdout.write(t), (t) => void process.stderr.write(t));
