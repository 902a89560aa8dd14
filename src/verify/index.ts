// The verify capability (issue 3): what src/cli.ts needs, and nothing else.
export { verifyOutput, type VerifyOptions } from "./verify.js";
export { formatFinding, hasErrors, type Finding, type Severity, type VerifyReport } from "./report.js";
export { VerifyToolError } from "./run.js";
