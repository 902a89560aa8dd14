// Section 9 of the runbook: handing the containers over from mcp-agent, which has managed them
// and recreates them itself (REFERENCE §1): `mcp deploy`, `mcp sync`, drift repair, and since MCP
// v0.10.5–0.10.6 `mcp agent recover` and its own `[[boot.sequence]]`. Quadlet starts every
// container with `--replace`, so two owners of one name remove each other's container.
import { CHECK_COMMAND } from "../checks/script.js";
import { code, joinWords } from "./markdown.js";
import type { RunbookContext } from "./view.js";

export function handover(ctx: RunbookContext): { paragraphs: string[]; steps: string[] } {
  const names = ctx.services.map((s) => code(s.containerName));
  const host = ctx.host.name;
  return {
    paragraphs: [
      `mcp-agent also creates these containers: \`mcp deploy\`, \`mcp sync\` (declarative: what a sync leaves out is undeployed), its repair of drift, and since MCP v0.10.5–0.10.6 \`mcp agent recover\` (recreates containers from its registry) and its own boot order, \`[[boot.sequence]]\` (stages with health checks and timeouts). The units on ${host} now own ${joinWords(names)}. Two owners of one name fight: Quadlet starts every container with \`--replace\`, so each start by one side removes the other's container, and the agent's drift repair or a restart of the unit replaces it again.`,
      `So that only the units manage them, change the agent once, for ${host}:`,
    ],
    steps: [
      `take these ${names.length} containers out of what mcp-agent deploys on ${host}, so that neither \`mcp sync\` nor its drift repair recreates or removes them;`,
      `remove them from \`[[boot.sequence]]\` in the agent's configuration (its foundation, core and management stages name mcns, Metacrypt, MCR and mcp-master), so that the agent's boot does not start them: systemd's stages do (section 2);`,
      `do not use \`mcp agent recover\` or \`mcp deploy NAME --direct\` for them after a disaster: section 2 starts them, section 3 has each one's manual fallback;`,
      "keep the agent itself running: it still serves the rest of the fleet (the prerequisite check `mcp-agent`).",
    ],
  };
}

export const handoverNote = (): string =>
  `Afterwards \`${CHECK_COMMAND}\` names any container still started outside its unit: \`FAIL owner NAME\`, a container without its unit's \`PODMAN_SYSTEMD_UNIT\` label (the agent, or a manual \`podman run\`).`;
