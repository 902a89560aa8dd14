// What templates/check-command.hbs prints (src/checks/script.ts builds it).
export interface CheckCommandView {
  readonly header: readonly string[];
  readonly usage: readonly string[];
  readonly settings: readonly string[];
  readonly calls: readonly string[];
}

export type CheckCommandTemplate = (view: CheckCommandView) => string;
