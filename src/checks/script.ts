// out/system/mcquad-check: the host check command, plain POSIX shell so that a host needs no
// Node.js. Run as root or as the platform user, it prints one line per check (ok, FAIL, or skip
// for a root-only check run as the user), the fix under each failure, and exits 1 if anything
// failed; --json prints the same as one JSON object. The NixOS module puts it on the PATH
// (src/nixos/check-command.ts).
import type { HostDocument } from "../host/document.js";
import type { CheckCommandView } from "./view.js";
import { generatedHeader } from "../units/header.js";
import { normalizeText } from "../render/render.js";
import { shellWord } from "../units/health-cmd.js";
import { runbookContext } from "../runbook/runbook.js";
import { runtimeDir } from "../runbook/view.js";
import { hostCalls } from "./host-calls.js";

export const CHECK_COMMAND = "mcquad-check";
export const checkCommandFile = `system/${CHECK_COMMAND}`;

export type { CheckCommandTemplate, CheckCommandView } from "./view.js";

export const checkCommandDocument: HostDocument = (host, model, _units, options, findings) => {
  const ctx = runbookContext(host, model, findings, options.source);
  const p = ctx.inventory.platform;
  const view: CheckCommandView = {
    header: generatedHeader(options.source),
    usage: [
      `usage: ${CHECK_COMMAND} [--json]`,
      "",
      `Checks ${p.name} on ${host.name}, as root or as ${p.user}: the prerequisites (uid and gid, linger,`,
      "subordinate ids, the port sysctl, the user manager, the address providers and addresses, the",
      "images the units never pull), every stage target and unit (state, health, time against its",
      "start timeout, the last log lines of a failed one), who owns each container, and the",
      `inventory's checks that run on this host. One line per check: ok, FAIL (with its fix) or skip`,
      `(a root-only check run as ${p.user}). Exit status 1 if anything failed, 2 on a usage error.`,
      "  --json   the same as one JSON object: {ok, failures, checks: [{name, status, detail, fix, log}]}",
    ],
    settings: [
      `PLATFORM_USER=${shellWord(p.user)}`,
      `PLATFORM_UID=${p.uid}`,
      `PLATFORM_HOME=${shellWord(p.home)}`,
      `RUNTIME_DIR=${shellWord(runtimeDir(ctx.inventory))}`,
    ],
    calls: hostCalls(ctx),
  };
  return new Map([[checkCommandFile, normalizeText(options.checkTemplate(view))]]);
};
