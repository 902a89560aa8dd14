// Section 8 of the runbook: how an upgrade happens. Changed units change nothing that runs until
// the apply step (system/mcquad-apply, src/apply/) restarts their services; what it does when an
// image is missing is what an operator needs to know before bumping a stage-1 tag.
import { applyFileName, applyLockName } from "../apply/apply.js";
import { code } from "./markdown.js";
import { runtimeDir, type RunbookContext, type UpgradeView } from "./view.js";

export function upgrade(ctx: RunbookContext): UpgradeView {
  const p = ctx.inventory.platform;
  const apply = `mcquad-apply-${p.user}`;
  return {
    paragraphs: [
      `An upgrade is a change of ${code(ctx.source)} (a new tag), \`npx mcquad build\`, a reviewed \`git diff out/\`, and the new \`out/\` on ${ctx.host.name}. New unit files alone change nothing that runs: ${code(applyFileName)} applies them. On NixOS, \`nixos-rebuild switch\` runs it (${code(`${apply}.service`)}; its log: ${code(`journalctl -u ${apply}`)}). Elsewhere, install the units, then run it, as root or as ${p.user}:`,
    ],
    commands: [
      `cp out/*.container /etc/containers/systemd/users/${p.uid}/`,
      "cp out/*.target /etc/systemd/user/",
      `out/${applyFileName}`,
    ],
    steps: [
      "it compares the units with those it applied last (a state file: per boot on NixOS, else in the platform user's `~/.local/state/mcquad/`; the first run only records them): nothing changed, nothing is restarted, and a second run is a no-op;",
      `one run at a time: a second run (a switch while an operator runs it) says so and waits for the first's lock, ${code(`${runtimeDir(ctx.inventory)}/${applyLockName}`)}, then compares with what the first applied; a killed run leaves no lock behind;`,
      "it touches nothing unless every changed unit is installed exactly as built (the script carries each unit's sha256);",
      "it stops removed services, the latest stage first;",
      "for each changed or new service, in stage order: first its new image into storage. A missing one is pulled, whatever the unit's `Pull=` says: at apply time the registry is up, while at boot an early stage cannot pull. Then that service alone is restarted (`--job-mode=ignore-dependencies`: what depends on it keeps running), and the next is touched only once it is active (healthy, when its unit waits for health). A new service starts when its stage is up; otherwise its stage's next start starts it;",
      "at the first failure it stops and exits 1: an image that cannot be had leaves the running container as it is (Quadlet runs containers with `--rm`, so restarting without the image would leave none), and the log names the service and the image, and what it left untouched. Push the image or fix the tag, build, and apply again: it retries what it did not apply.",
    ],
    rollback: `Rollback is the same step: install the previous \`out/\` (\`git checkout <commit> -- out/\`, or \`nixos-rebuild switch --rollback\`) and apply. The services whose unit differs get their previous definition back, image first; no unchanged service is touched.`,
  };
}
