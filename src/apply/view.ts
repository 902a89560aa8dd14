// What templates/apply.hbs prints (src/apply/apply.ts builds it).
export interface ApplyView {
  /** `#` comment lines, after the shebang. */
  readonly header: readonly string[];
  readonly user: string;
  readonly uid: number;
  readonly home: string;
  readonly runtimeDir: string;
  /** `unit stage target image sha256`, one per service in boot order. */
  readonly definitions: readonly string[];
  /** The lock's file name, in the platform user's runtime folder: one run at a time. */
  readonly lockName: string;
}

export type ApplyTemplate = (view: ApplyView) => string;
