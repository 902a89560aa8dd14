// The package's own folder (templates/, package.json, the test cache), found from this module's
// location so it is the same whether the code runs from src/ (tests), dist/ (tsc) or the bundle.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "templates"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("mcquad: cannot find its package folder (package.json and templates/)");
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot();
