// Apply on switch. `nixos-rebuild switch` re-executes each user manager, which re-runs Quadlet's
// generator, but running containers keep their old definition until restarted (REFERENCE §3).
// This system oneshot runs the generated apply script beside the module (system/mcquad-apply,
// src/apply/apply.ts), the same one other hosts run by hand. The script carries the hash of every
// unit text, so this unit changes exactly when a unit does and switch-to-configuration restarts it
// (stopIfChanged = false: restarted after the activation, not stopped before it). Its state is
// per boot, under /run: after a reboot every container was started from the booted units, so the
// first run of a boot only records them.
import { applyFileName } from "../apply/apply.js";
import { quoteText } from "../units/quote.js";
import { attr, attrs, code, str, strings } from "./nix.js";
import { runtimeDir, userManager, type ModuleContext, type NixSection } from "./context.js";
import { unitText } from "./install.js";

/** Room for a pull per service, beyond its start timeout (as a service that may pull gets, src/graph/policy.ts). */
const pullMarginSec = 120;

/** The script beside the module that the bindings read (none without services). */
export const applyPaths = (ctx: ModuleContext): string[] => (ctx.services.length ? [applyFileName] : []);

export const applyUnitName = (ctx: ModuleContext): string => `mcquad-apply-${ctx.inventory.platform.user}`;

export function applySections(ctx: ModuleContext): NixSection[] {
  if (ctx.services.length === 0) return [];
  const user = ctx.inventory.platform.user;
  const service = attrs(
    attr("description", str(quoteText(`Apply ${user}'s changed units: images first, then restarts in stage order`))),
    attr("wantedBy", strings(["multi-user.target"])),
    attr("wants", strings([userManager(ctx)])),
    attr("after", strings([userManager(ctx)])),
    attr("stopIfChanged", false),
    // systemctl and coreutils are on a NixOS service's default path; podman for `image exists` and
    // `pull`, util-linux for flock (one apply at a time).
    attr("path", [code("pkgs.podman"), code("pkgs.util-linux")]),
    attr(
      "serviceConfig",
      attrs(
        attr("Type", str("oneshot")),
        attr("RemainAfterExit", true),
        attr("User", str(user)),
        attr("Environment", strings([`XDG_RUNTIME_DIR=${runtimeDir(ctx)}`, `MCQUAD_APPLY_STATE=/run/${applyUnitName(ctx)}`])),
        attr("RuntimeDirectory", str(applyUnitName(ctx))),
        // Kept across this unit's restarts until the next boot (systemd.exec(5)).
        attr("RuntimeDirectoryPreserve", str("yes")),
        attr("TimeoutStartSec", str(`${timeoutSec(ctx)}s`), [`Every service's start timeout and ${pullMarginSec}s for its pull: the most one apply can wait for.`]),
      ),
    ),
    attr("script", code(unitText(applyFileName))),
  );
  return [{ comments: [`Apply on switch: ${user}'s services whose unit changed, image first, in stage order (${applyFileName}, beside this module).`], attrs: [attr(["systemd", "services", applyUnitName(ctx)], service)] }];
}

function timeoutSec(ctx: ModuleContext): number {
  const here = new Set(ctx.services.map((s) => s.name));
  return ctx.plan.services.filter((s) => here.has(s.name)).reduce((sum, s) => sum + Math.ceil(s.startTimeoutSec) + pullMarginSec, 0);
}
