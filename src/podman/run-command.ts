// A `podman run` argument vector → the container it starts, in a normalized form that two
// sources (a runbook's command, the ExecStart= Quadlet writes) can be compared by. Options are
// read as podman-run(1) documents them, in both `--opt value` and `--opt=value` forms.

export interface ContainerSpec {
  readonly name?: string;
  readonly image: string;
  readonly network?: string;
  readonly user?: string;
  /** As written, with the protocol made explicit: `127.0.0.1:28443:8443/tcp`. */
  readonly ports: readonly string[];
  readonly volumes: readonly string[];
  readonly env: readonly string[];
  readonly args: readonly string[];
  readonly restart?: string;
  /** Options this reader does not map, with their values, in order. */
  readonly other: readonly string[];
}

/** Options that take a value, by every spelling, → the field they fill. */
export const valued: Record<string, keyof ContainerSpec | "other"> = {
  "--name": "name", "--network": "network", "--net": "network", "--user": "user", "-u": "user",
  "--publish": "ports", "-p": "ports", "--volume": "volumes", "-v": "volumes", "--env": "env", "-e": "env",
  "--restart": "restart", "--label": "other", "-l": "other", "--pull": "other", "--cidfile": "other",
  "--cgroups": "other", "--sdnotify": "other", "--health-cmd": "other", "--health-interval": "other",
  "--health-timeout": "other", "--health-retries": "other", "--health-start-period": "other",
  "--health-on-failure": "other", "--health-startup-cmd": "other", "--health-startup-interval": "other",
  "--health-startup-retries": "other", "--health-startup-timeout": "other", "--health-startup-success": "other", "--entrypoint": "other", "--workdir": "other", "-w": "other",
  "--hostname": "other", "-h": "other", "--env-file": "other", "--memory": "other", "-m": "other",
  "--log-driver": "other", "--secret": "other", "--mount": "other", "--device": "other", "--cap-add": "other",
  "--cap-drop": "other", "--group-add": "other", "--dns": "other", "--add-host": "other", "--ip": "other",
  "--tmpfs": "other", "--security-opt": "other", "--userns": "other", "--pod": "other",
};

/** `argv` starts after `podman run` (or includes them: they are skipped). */
export function parseRunCommand(argv: readonly string[]): ContainerSpec {
  const words = argv[0] === "podman" || argv[0]?.endsWith("/podman") ? argv.slice(argv[1] === "run" ? 2 : 1) : argv[0] === "run" ? argv.slice(1) : [...argv];
  const spec = { ports: [] as string[], volumes: [] as string[], env: [] as string[], other: [] as string[] } as {
    -readonly [K in keyof ContainerSpec]: ContainerSpec[K] extends readonly string[] ? string[] : ContainerSpec[K];
  };
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i] as string;
    if (word === "--") {
      i++;
      break;
    }
    if (!word.startsWith("-")) break;
    const eq = word.indexOf("=");
    const option = eq > 0 && word.startsWith("--") ? word.slice(0, eq) : word;
    const field = valued[option];
    if (field === undefined) {
      spec.other.push(word);
      continue;
    }
    const value = eq > 0 && word.startsWith("--") ? word.slice(eq + 1) : (words[++i] ?? "");
    assign(spec, field, option, value);
  }
  return { ...spec, image: words[i] ?? "", args: words.slice(i + 1) };
}

function assign(spec: Record<string, unknown>, field: string, option: string, value: string): void {
  if (field === "ports") (spec["ports"] as string[]).push(/\/(tcp|udp|sctp)$/.test(value) ? value : `${value}/tcp`);
  else if (field === "volumes" || field === "env") (spec[field] as string[]).push(value);
  else if (field === "other") (spec["other"] as string[]).push(`${option}=${value}`);
  else spec[field] = value;
}
