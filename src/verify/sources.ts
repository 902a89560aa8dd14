// Maps a unit systemd knows (x.service, mc-stage2.target) back to the file of out/ it came from,
// and a key of it to a line there: x.service comes from x.container (Quadlet keeps [Unit],
// [Service] and [Install] as written), a target is its own file.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SourceFile } from "./quadlet-messages.js";
import { findLine, indexUnit, locate, type LineQuery } from "./unit-lines.js";

export interface Place {
  readonly file: string;
  readonly line?: number;
}

export class UnitSources {
  private constructor(
    readonly outDir: string,
    /** By file name in out/: `x.container`, `mc-stage1.target`. */
    readonly files: ReadonlyMap<string, SourceFile>,
  ) {}

  static async load(outDir: string, names: readonly string[]): Promise<UnitSources> {
    const files = new Map<string, SourceFile>();
    for (const name of names) {
      const path = join(outDir, name);
      files.set(name, { path, index: indexUnit(await readFile(path, "utf8")) });
    }
    return new UnitSources(outDir, files);
  }

  /** The source of a unit name, or undefined for units mcquad did not write. */
  sourceOf(unit: string): SourceFile | undefined {
    return this.files.get(unit.replace(/\.service$/, ".container")) ?? this.files.get(unit);
  }

  /** `x.container` files only, for the Quadlet run. */
  containers(): Map<string, SourceFile> {
    return new Map([...this.files].filter(([name]) => name.endsWith(".container")));
  }

  /** Where in out/ a unit's key lives; out/ itself for units mcquad did not write. */
  place(unit: string, query: LineQuery = {}): Place {
    const src = this.sourceOf(unit);
    if (src === undefined) return { file: this.outDir };
    // Quadlet renames [Container] to [X-Container] in what it generates.
    const section = query.section === "X-Container" ? "Container" : query.section;
    return { file: src.path, line: locate(src.index, { ...query, section }) };
  }

  /** The line where `unit` names `other` in `key`, only if it is written there. */
  writtenLine(unit: string, key: string, other: string): number | undefined {
    const src = this.sourceOf(unit);
    return src === undefined ? undefined : findLine(src.index, { key, mentions: other });
  }

  /** The line of `unit` that names `other` in a dependency key, preferring the given keys. */
  placeOfMention(unit: string, other: string, keys: readonly string[]): Place {
    const src = this.sourceOf(unit);
    if (src === undefined) return { file: this.outDir };
    const hit =
      keys.map((key) => findLine(src.index, { key, mentions: other })).find((l) => l !== undefined) ??
      src.index.entries.find((e) => e.value.split(/\s+/).includes(other))?.line ??
      src.index.sections.get("Unit");
    return { file: src.path, line: hit };
  }
}
