// One `podman run` command → one service, option by option. What the inventory cannot hold is
// reported where it is written and kept as a comment on the service, never dropped silently.
import type { FoundCommand } from "../podman/find-commands.js";
import type { ShellWord } from "../podman/shell-words.js";
import { type Finding, warning } from "../report/finding.js";
import type { ImportedPort, ImportedService } from "./model.js";
import { imageTag } from "../check/images.js";
import { parsePublish } from "./ports.js";
import { splitRunWords, type RunOption } from "./run-words.js";

/** A warning at a word of the source. */
export const warningAt = (word: ShellWord, message: string, hint?: string): Finding => ({ ...warning([], message, hint), position: { line: word.line, col: word.col } });

const namePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
const userPattern = /^[a-zA-Z0-9_.-]+(:[a-zA-Z0-9_.-]+)?$/;
const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quadlet runs every container detached, removes it on stop and replaces a leftover one. */
const impliedByQuadlet = new Set(["-d", "--detach", "--rm", "--replace"]);

type Draft = { -readonly [K in keyof ImportedService]: ImportedService[K] extends readonly (infer T)[] ? T[] : ImportedService[K] };

export function importService(command: FoundCommand): { service?: ImportedService; findings: Finding[] } {
  const { options, image, args } = splitRunWords(command.words);
  const first = command.words[0] ?? { text: "", line: command.line, col: 1, expands: false };
  if (!image) return { findings: [warningAt(first, "podman run without an image: command not imported")] };
  const draft: Draft = { name: "", line: command.line, image: image.text, imageWord: image, ports: [], volumes: [], environment: [], args: args.map((a) => a.text), restart: { policy: "no" }, notImported: [] };
  const findings = options.flatMap((o) => applyAndReport(draft, o));
  if (draft.name === "") {
    draft.name = nameFromImage(image.text);
    findings.push(warningAt(image, `the command gives no --name: the service is named "${draft.name}" after its image`));
  }
  findings.push(...wordFindings(options, image, args));
  return { service: draft, findings };
}

function applyAndReport(draft: Draft, option: RunOption): Finding[] {
  const problem = applyOption(draft, option);
  if (problem === undefined) return [];
  const written = option.value === undefined ? option.option : `${option.option} ${option.value}`;
  draft.notImported.push(`${written} (line ${option.word.line})${problem === notImported ? "" : `: ${problem}`}`);
  return [warningAt(option.word, `option ${written}: ${problem}`)];
}

/** What is imported but needs a look: shell expansions, unknown listening ports, unpinned images. */
function wordFindings(options: readonly RunOption[], image: ShellWord, args: readonly ShellWord[]): Finding[] {
  const findings: Finding[] = [];
  const expanding = [...options.flatMap((o) => (o.valueWord ? [o.valueWord] : [])), image, ...args].filter((w) => w.expands);
  findings.push(...expanding.map((w) => warningAt(w, `"${w.text}": the shell would expand it; imported as written`, "write the value the shell gives it")));
  const hostNetwork = options.find((o) => handlers[o.option] === applyNetwork && o.value === "host");
  if (hostNetwork) findings.push(warningAt(hostNetwork.word, "option --network host: the command does not say which ports the container listens on", "list them under listens, e.g. [443/tcp], so mcquad can check clashes and privileged ports"));
  const tag = imageTag(image.text);
  if (tag === undefined || tag === "latest") findings.push(warningAt(image, `image ${image.text} is not pinned: mcquad validate refuses it`, "name the version the runbook means, e.g. :v1.2.0"));
  return findings;
}

/** For an option the inventory has no field for: nothing more to say. */
const notImported = "not imported";

type Handler = (draft: Draft, value: string) => string | undefined;

/** Option spelling → what fills the draft; each returns why it could not, or undefined. */
const handlers: Record<string, Handler> = {
  "--name": setName,
  "--restart": applyRestart,
  "--network": applyNetwork,
  "--net": applyNetwork,
  "--user": setUser,
  "-u": setUser,
  "--publish": (d, v) => addPort(d.ports, parsePublish(v)),
  "-p": (d, v) => addPort(d.ports, parsePublish(v)),
  "--volume": (d, v) => addVolume(d.volumes, v),
  "-v": (d, v) => addVolume(d.volumes, v),
  "--env": (d, v) => addEnvironment(d.environment, v),
  "-e": (d, v) => addEnvironment(d.environment, v),
};

function applyOption(draft: Draft, { option, value }: RunOption): string | undefined {
  if (impliedByQuadlet.has(option)) return undefined;
  const handler = handlers[option];
  return handler === undefined || value === undefined ? notImported : handler(draft, value);
}

function setName(draft: Draft, value: string): string | undefined {
  if (!namePattern.test(value)) return "not a valid service name; named after the image instead";
  draft.name = value;
  return undefined;
}

function setUser(draft: Draft, value: string): string | undefined {
  if (!userPattern.test(value)) return 'the inventory takes "user" or "user:group" of names or numbers';
  draft.user = value;
  return undefined;
}

/** podman's --restart → systemd's Restart= (podman-run(1); systemd.service(5)). */
function applyRestart(draft: Draft, value: string): string | undefined {
  const [policy, retries] = value.split(":");
  const mapped = policy === "always" || policy === "unless-stopped" ? "always" : policy === "on-failure" || policy === "no" ? policy : undefined;
  if (mapped === undefined) return "not a podman restart policy";
  draft.restart = { policy: mapped, written: value };
  return retries === undefined ? undefined : `imported as ${mapped}; the retry limit ${retries} is not`;
}

function applyNetwork(draft: Draft, value: string): string | undefined {
  if (value === "host") {
    draft.network = "host";
    return undefined;
  }
  // The inventory's "bridge" is podman's default network: no --network option at all.
  return `the inventory knows podman's default network and host only${value === "bridge" ? " (its bridge is the default network, which is pasta for rootless podman 5 unless containers.conf says otherwise)" : ""}`;
}

function addPort(ports: ImportedPort[], parsed: ImportedPort | string): string | undefined {
  if (typeof parsed === "string") return parsed;
  ports.push(parsed);
  return undefined;
}

function addVolume(volumes: string[], value: string): string | undefined {
  const [source = "", target = "", ...rest] = value.split(":");
  if (target === "" && rest.length === 0) return "an anonymous volume: the inventory mounts host paths only";
  if (/^[.~]/.test(source)) return "a relative host path: the inventory takes absolute ones";
  if (!source.startsWith("/")) return "a named or anonymous volume: the inventory mounts host paths only";
  if (!target.startsWith("/") || rest.length > 1) return "not HOST_PATH:CONTAINER_PATH[:OPTIONS]";
  volumes.push(value);
  return undefined;
}

function addEnvironment(environment: (readonly [string, string])[], value: string): string | undefined {
  const eq = value.indexOf("=");
  if (eq < 0) return "passes the caller's own value, which a unit does not have";
  const name = value.slice(0, eq);
  if (!envName.test(name)) return `"${name}" is not an environment variable name`;
  environment.push([name, value.slice(eq + 1)]);
  return undefined;
}

/** `registry/path/app:v1` → `app`, as podman would not: it makes up a random name. */
function nameFromImage(image: string): string {
  const base = image.slice(image.lastIndexOf("/") + 1).replace(/[:@].*$/, "");
  return namePattern.test(base) ? base : "container";
}
