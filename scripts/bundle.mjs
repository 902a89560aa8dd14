// Bundles the compiled CLI (dist/, from tsc) into one CommonJS file, dist/mcquad.cjs, with the
// templates precompiled, and records
// V8's code cache for it (dist/mcquad.cjs.cache) from one build of the real inventory. Loading one
// file instead of some 300 modules, with its functions already compiled, is most of a run on a
// real inventory (see bench/). bin/mcquad.js loads it; `yaml` stays outside, loaded only to report
// a syntax error or to import.
import { build } from "esbuild";
import { createRequire } from "node:module";
import Handlebars from "handlebars";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const outfile = join(root, "dist", "mcquad.cjs");

/**
 * Every template precompiled, with the options src/render/render.ts compiles them with, in place
 * of src/render/template-source.ts, which reads and compiles them at run time.
 */
const precompiledTemplates = {
  name: "precompiled-templates",
  setup(b) {
    b.onLoad({ filter: /[\\/]render[\\/]template-source\.js$/ }, (args) => {
      const folder = join(root, "templates");
      const specs = readdirSync(folder)
        .filter((f) => f.endsWith(".hbs"))
        .sort()
        .map((f) => `${JSON.stringify(f)}: ${Handlebars.precompile(readFileSync(join(folder, f), "utf8"), { noEscape: true, strict: true })}`);
      const contents = `import { templateFromSpec } from "./render.js";\nconst specs = {\n${specs.join(",\n")}\n};\nexport function compiledTemplate(name) {\n  return templateFromSpec(specs[name]);\n}\n`;
      return { contents, loader: "js", resolveDir: dirname(args.path) };
    });
  },
};

/**
 * Node.js modules loaded on first use instead of at start-up: child_process (commander, verify,
 * graph --svg) pulls in streams, net and dgram, fs/promises pulls in readline, together about a
 * fifth of a bare Node.js start, while most runs never call them (bench/). Each import gets a
 * module of the same named functions, each loading the real module when first called.
 */
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    const filter = /^(node:)?(child_process|fs\/promises)$/;
    b.onResolve({ filter }, (args) =>
      args.namespace === "lazy-builtin" ? { path: args.path, external: true } : { path: args.path, namespace: "lazy-builtin" },
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => {
      const names = Object.keys(require(args.path)).filter((k) => typeof require(args.path)[k] === "function" && /^[a-z]\w*$/i.test(k));
      const wrappers = names.map((k) => `export function ${k}(...a) { return load().${k}(...a); }`);
      return { contents: `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(args.path)}));\n${wrappers.join("\n")}\n`, loader: "js" };
    });
  },
};

/**
 * Parts of libraries a run never uses, left out of the bundle: every file read, deserialized and
 * evaluated at start-up costs (bench/). zod's `locales` namespace carries some 40 translations
 * of its messages, while its English ones are installed by its schemas module itself (and mcquad
 * writes its own messages: src/inventory/schema-findings.ts); Handlebars' compiler and parser
 * are not needed once the templates are precompiled, only its runtime (src/render/render.ts).
 */
const unusedLibraryParts = {
  name: "unused-library-parts",
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";\n', loader: "js" }));
    b.onResolve({ filter: /^handlebars$/ }, (args) => ({ path: require.resolve("handlebars/runtime", { paths: [args.resolveDir] }) }));
  },
};

await build({
  entryPoints: [join(root, "dist", "cli.js")],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  legalComments: "none",
  external: ["yaml"],
  define: { "import.meta.url": "__mcquadUrl" },
  banner: { js: 'const __mcquadUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [precompiledTemplates, lazyBuiltins, unusedLibraryParts],
  logLevel: "warning",
});

// The cache holds the functions a build compiles; it is only used by the same Node.js version
// (V8 rejects it otherwise, and the CLI then compiles as usual).
rmSync(`${outfile}.cache`, { force: true });
const scratch = mkdtempSync(join(tmpdir(), "mcquad-bundle-"));
try {
  execFileSync(process.execPath, [join(root, "bin", "mcquad.js"), "build", "--inventory", join(root, "services.yaml"), "--out", scratch], {
    env: { ...process.env, MCQUAD_WRITE_CODE_CACHE: "1" },
    stdio: "ignore",
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
