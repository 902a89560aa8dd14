// What templates/nixos.hbs prints: comment lines, and the bindings and body as indented lines.
export interface ModuleView {
  readonly header: readonly string[];
  readonly bindings: readonly string[];
  readonly body: readonly string[];
}

export type ModuleTemplate = (view: ModuleView) => string;
