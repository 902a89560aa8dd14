// A template by its file name in templates/, compiled. The bundle (scripts/bundle.mjs) replaces this
// module with one that carries every template precompiled, so a run compiles none: Handlebars
// turns a template into JavaScript with `new Function`, which V8's code cache cannot keep.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../paths.js";
import { compileTemplate } from "./render.js";

export function compiledTemplate<V>(name: string): (view: V) => string {
  return compileTemplate<V>(readFileSync(join(packageRoot, "templates", name), "utf8"));
}
