#!/usr/bin/env node
// Runs the compiled CLI (dist/ is built by `npm ci` through the package's prepare script).
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
