// Small shell commands that units run on the host (the stage gate, the door): one text for NixOS
// and every other distribution. ExecStart= needs an absolute path (systemd.service(5),
// "Command lines"), and /bin/sh is the one both have; the tools come from a PATH set inside the
// command, NixOS's system profile first, then the FHS folders: NixOS's user managers get no PATH
// with /run/current-system/sw/bin by default (nixpkgs issue #189851), Debian's have no such folder.
export const HOST_PATH = "/run/current-system/sw/bin:/usr/bin:/bin";

/**
 * `/bin/sh -c '<script>'` for an Exec*= line. systemd.service(5): `$` and `%` are systemd's own
 * (variables, specifiers), so both are doubled and reach sh as written. The scripts are mcquad's
 * own text, never user input: a quote or backslash in one is a bug.
 */
export function hostShell(script: string): string {
  if (/['\\\n]/.test(script)) throw new Error(`host shell script cannot be quoted for systemd: ${script}`);
  const body = `PATH=${HOST_PATH}; ${script}`.replace(/\$/g, "$$$$").replace(/%/g, "%%");
  return `/bin/sh -c '${body}'`;
}
