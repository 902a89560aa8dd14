#!/usr/bin/env node
"use strict";
// Runs the bundled CLI, dist/mcquad.cjs, with V8's code cache when it matches this Node.js
// (`npm ci` builds both through the package's prepare script: tsc, then scripts/bundle.mjs).
// CommonJS (bin/package.json): an ES module entry would start Node.js's ES module loader, a
// tenth of a bare start (bench/), only to load this file.
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const { createRequire, Module } = require("node:module");
const { dirname, join } = require("node:path");
const vm = require("node:vm");

const filename = join(__dirname, "..", "dist", "mcquad.cjs");
const cacheFile = `${filename}.cache`;
const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
const script = new vm.Script(Module.wrap(readFileSync(filename, "utf8")), { filename, cachedData });
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, createRequire(filename), module_, filename, dirname(filename));

module_.exports.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  if (process.env.MCQUAD_WRITE_CODE_CACHE === "1") writeFileSync(cacheFile, script.createCachedData());
});
