// Restart on switch. `nixos-rebuild switch` re-executes each user manager, which re-runs Quadlet's
// generator, but running containers keep their old definition until restarted (REFERENCE §3;
// quadlet-nix keeps a content hash per unit for the system-mode equivalent). This system oneshot
// holds the hash of every .container text, so its own unit changes exactly when one of them does
// and switch-to-configuration restarts it; it then compares with the hashes it stored last time
// and, as the platform user and in stage order:
// - try-restarts each service whose unit changed, with --job-mode=ignore-dependencies: a restart
//   propagates along Requires= (systemd.unit(5)), and every later stage requires the earlier
//   ones, so without it one changed DNS unit would restart the whole platform;
// - starts a new service when its stage is up, and stops a service no longer defined.
// The hashes live under /run: after a reboot every unit was generated from the booted
// configuration, so the first run of a boot only records them.
import type { Stage } from "../inventory/model.js";
import { serviceUnitName, stageTargetName } from "../units/naming.js";
import { quoteText } from "../units/quote.js";
import { attr, attrs, code, str, strings, type NixCode } from "./nix.js";
import { runtimeDir, systemdTool, type ModuleContext, type NixSection } from "./context.js";
import { unitText } from "./install.js";

export const restartUnitName = (ctx: ModuleContext): string => `mcquad-restart-${ctx.inventory.platform.user}`;

export function restartSections(ctx: ModuleContext): NixSection[] {
  if (ctx.services.length === 0) return [];
  const user = ctx.inventory.platform.user;
  const service = attrs(
    attr("description", str(quoteText(`Restart ${user}'s containers whose unit changed`))),
    attr("wantedBy", strings(["multi-user.target"])),
    // Restarted after the switch's activation, not stopped before it.
    attr("stopIfChanged", false),
    attr(
      "serviceConfig",
      attrs(
        attr("Type", str("oneshot")),
        attr("RemainAfterExit", true),
        attr("User", str(user)),
        attr("Environment", str(`XDG_RUNTIME_DIR=${runtimeDir(ctx)}`)),
        attr("RuntimeDirectory", str(restartUnitName(ctx))),
        // Kept across this unit's restarts until the next boot (systemd.exec(5)).
        attr("RuntimeDirectoryPreserve", str("yes")),
      ),
    ),
    attr("script", script(ctx)),
  );
  return [{ comments: [`Restart on switch: ${user}'s services whose unit changed, in stage order.`], attrs: [attr(["systemd", "services", restartUnitName(ctx)], service)] }];
}

/** One line per service in boot order: unit, its stage target, the hash of its unit text. */
function unitLines(ctx: ModuleContext): (string | NixCode)[] {
  return ctx.services.flatMap((s) => [
    `${serviceUnitName(s.name)} ${stageTargetName(ctx.inventory.stages[s.stage - 1] as Stage)} `,
    code(`builtins.hashString "sha256" ${unitText(`${s.name}.container`)}`),
    "\n",
  ]);
}

function script(ctx: ModuleContext) {
  const systemctl = systemdTool("systemctl").parts;
  return str(
    'state="$RUNTIME_DIRECTORY/units"\n',
    'new="$RUNTIME_DIRECTORY/units.new"\n',
    "cat > \"$new\" <<'EOF'\n",
    ...unitLines(ctx),
    "EOF\n",
    'if [ ! -e "$state" ]; then\n',
    "  # The first run since boot: every unit was generated from this configuration.\n",
    '  mv "$new" "$state"\n',
    "  exit 0\n",
    "fi\n",
    "declare -A old=() now=()\n",
    'while read -r unit target hash; do old[$unit]="$target $hash"; done < "$state"\n',
    'while read -r unit target hash; do now[$unit]=1; done < "$new"\n',
    "failed=0\n",
    ...systemctl, " --user daemon-reload\n",
    "# No longer defined: stop it, the latest stage first.\n",
    "while read -r unit target hash; do\n",
    '  [ -n "${now[$unit]:-}" ] && continue\n',
    '  echo "stopping $unit: no longer defined"\n',
    "  ", ...systemctl, ' --user stop "$unit" || failed=1\n',
    'done < <(tac "$state")\n',
    "while read -r unit target hash; do\n",
    '  if [ -z "${old[$unit]:-}" ]; then\n',
    "    # New: start it once its stage is up; otherwise the stage's next start will.\n",
    "    if ", ...systemctl, ' --user is-active --quiet "$target"; then\n',
    '      echo "starting $unit: new, and $target is up"\n',
    "      ", ...systemctl, ' --user start "$unit" || failed=1\n',
    "    fi\n",
    '  elif [ "${old[$unit]}" != "$target $hash" ]; then\n',
    '    echo "restarting $unit: its unit changed"\n',
    "    ", ...systemctl, ' --user try-restart --job-mode=ignore-dependencies "$unit" || failed=1\n',
    "  fi\n",
    'done < "$new"\n',
    'mv "$new" "$state"\n',
    'exit "$failed"\n',
  );
}
