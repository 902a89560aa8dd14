// Section 7 of the runbook: a host without images. Nothing that starts before the registry is up
// can pull (the registry is itself a container here), so those images must be pre-staged with
// podman save / podman load; the rest the registry serves once it is up, if it still has them.
// The same check of the pre-staged images is section 1's prerequisite and section 7's last step:
// a missing one fails the boot in its stage, so the check names it before anything starts.
import type { Service } from "../inventory/model.js";
import { canReachRegistry, effectivePull } from "../graph/policy.js";
import { byCodeUnit } from "../report/finding.js";
import { code, forEachLines, joinWords } from "./markdown.js";
import type { ColdStartView, RunbookContext } from "./view.js";

export function coldStart(ctx: RunbookContext): ColdStartView {
  const { inventory } = ctx;
  const cached = unpullable(ctx);
  const cachedSet = new Set(cached);
  const pulled = ctx.services.filter((s) => !cachedSet.has(s));
  const archive = `${inventory.platform.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-images.tar`;
  const staged = images(cached);
  const blocks = staged.length
    ? [
        [
          "# where the images are (a backup, another host, a build machine):",
          `podman save --multi-image-archive -o ${archive} \\`,
          ...staged.map((image, i) => `  ${image}${i < staged.length - 1 ? " \\" : ""}`),
        ],
        [`# copy ${archive} to ${ctx.host.name}, then, as ${inventory.platform.user} there:`, `podman load -i ${archive}`, ...imageCheck(staged)],
      ]
    : [];
  return {
    paragraphs: [registryParagraph(ctx), ...(staged.length ? ["Pre-stage at least these images, which the boot cannot pull (their units have `Pull=never`):"] : [])],
    cached: imageList(cached),
    pulled: pulled.length ? [{ items: imageList(pulled) }] : [],
    blocks,
  };
}

/** The services whose units never pull: their images must be in storage before the boot. */
const unpullable = (ctx: RunbookContext): Service[] => ctx.services.filter((s) => effectivePull(ctx.inventory, ctx.graph, s) === "never");

/** Section 1's prerequisite: the image check, when any image must be pre-staged. */
export function imageChecks(ctx: RunbookContext): { lines: string[] }[] {
  const staged = images(unpullable(ctx));
  return staged.length ? [{ lines: imageCheck(staged) }] : [];
}

/** One line per pre-staged image missing from storage, naming it; none when all are there. */
function imageCheck(staged: readonly string[]): string[] {
  return [
    ...forEachLines("image", staged, 'podman image exists "$image" || echo "missing  $image (Pull=never: the boot fails without it)"'),
    "# no output: every image the boot cannot pull is in storage",
  ];
}

function registryParagraph(ctx: RunbookContext): string {
  const { inventory, graph } = ctx;
  const registry = inventory.registry;
  if (!registry) return "The inventory names no registry of its own: every image comes from elsewhere, and a service pulls a missing one when it starts.";
  const before = inventory.stages.filter((st) => ctx.services.some((s) => s.stage === st.index && !canReachRegistry(inventory, graph, s))).map((st) => String(st.index));
  const servers = joinWords(registry.servedBy);
  const when = before.length === 0
    ? "Every stage starts after it is up."
    : `${before.length === 1 ? "Stage" : "Stages"} ${joinWords(before)} ${before.length === 1 ? "starts" : "start"} before it is up; later ones can pull a missing image from it.`;
  return `Images live in ${inventory.platform.user}'s podman storage (\`podman images\` as ${inventory.platform.user}). After a wipe they are gone, and the registry ${code(registry.prefix)} cannot help at first: it is served by ${servers}, ${registry.servedBy.length === 1 ? "a container" : "containers"} on this platform. ${when}`;
}

/** `image (service, service)`, one per image, sorted. */
function imageList(services: readonly Service[]): string[] {
  const users = new Map<string, string[]>();
  for (const s of services) users.set(s.image, [...(users.get(s.image) ?? []), s.name]);
  return images(services).map((image) => `${code(image)} (${(users.get(image) ?? []).join(", ")})`);
}

const images = (services: readonly Service[]): string[] => [...new Set(services.map((s) => s.image))].sort(byCodeUnit);
