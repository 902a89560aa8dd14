// Health probes → the shell command podman runs inside the container (podman-run(1),
// --health-cmd: a plain string runs as CMD-SHELL, i.e. `/bin/sh -c`). The platform's images are
// Alpine-based, so the probes use busybox's wget and nc; that they exist in every image is an
// assumption the inventory states in its comments, not something mcquad can see.
import type { Probe } from "../inventory/model.js";

export function healthCommand(probe: Probe): string {
  switch (probe.kind) {
    case "dns":
      // busybox nslookup asks 127.0.0.1:53 over UDP and fails without an answer: the server
      // answers its own zone, which is what the stage promises (not the outside, which would
      // make the boot depend on the Internet).
      return `nslookup ${shellWord(probe.name)} 127.0.0.1 >/dev/null`;
    case "http":
      return `wget -q -O /dev/null ${shellWord(`http://127.0.0.1:${probe.port}${probe.urlPath}`)}`;
    case "https":
      // The services present certificates for their public names, not for 127.0.0.1.
      return `wget -q -O /dev/null --no-check-certificate ${shellWord(`https://127.0.0.1:${probe.port}${probe.urlPath}`)}`;
    case "tcp":
      return `nc -z 127.0.0.1 ${probe.port}`;
    case "command":
      return probe.command;
  }
}

/** A word for /bin/sh: single-quoted unless it only holds characters the shell leaves alone. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
