// The `yaml` package, loaded on first use: only a syntax error or `mcquad import` needs it, and
// loading it costs more than the rest of a run on a real inventory.
import { createRequire } from "node:module";

type YamlModule = typeof import("yaml");
let loaded: YamlModule | undefined;

export const yaml = (): YamlModule => (loaded ??= createRequire(import.meta.url)("yaml") as YamlModule);
