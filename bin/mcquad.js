#!/usr/bin/env node
// Runs the bundled CLI, dist/mcquad.cjs, with V8's code cache when it matches this Node.js
// (`npm ci` builds both through the package's prepare script: tsc, then scripts/bundle.mjs).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const filename = fileURLToPath(new URL("../dist/mcquad.cjs", import.meta.url));
const cacheFile = `${filename}.cache`;
const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
const script = new vm.Script(Module.wrap(readFileSync(filename, "utf8")), { filename, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(filename), module, filename, dirname(filename));

process.exitCode = await module.exports.main(process.argv.slice(2));
if (process.env.MCQUAD_WRITE_CODE_CACHE === "1") writeFileSync(cacheFile, script.createCachedData());
