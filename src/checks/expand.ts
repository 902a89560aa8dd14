// A check's command as it runs on a host: {address.NAME} becomes that host's address (the
// --address overrides included, so a test's loopback stand-ins replace the LAN and Tailnet
// addresses), {name.KEY} one of the inventory's names, {registry} the registry's prefix, {host}
// the host's name. In an expected output, the values are escaped for grep -E. Other
// braces ("${HOME}", awk's "{print}") are the shell's and stay.
import type { Check, Host, Inventory } from "../inventory/model.js";
import { suggest } from "../report/suggest.js";

const placeholder = /\{(?:(address|name)\.([a-zA-Z0-9_.-]+)|(registry|host))\}/g;

export interface Expansion {
  readonly text: string;
  /** Placeholders that name nothing, with a did-you-mean when one is close. */
  readonly unknown: readonly { readonly token: string; readonly hint?: string }[];
}

export function expandPlaceholders(text: string, host: Host, inventory: Inventory, escape: (value: string) => string = (v) => v): Expansion {
  const unknown: { token: string; hint?: string }[] = [];
  const expanded = text.replace(placeholder, (token, kind: string | undefined, key: string | undefined, bare: string | undefined) => {
    const value = bare === "host" ? host.name : lookup(kind, key ?? "", host, inventory);
    if (value !== undefined) return escape(value);
    const candidates = kind === "address" ? host.addresses.map((a) => a.name) : kind === "name" ? [...inventory.names.keys()] : [];
    const hint = kind === undefined ? "the inventory has no registry: declare registry.prefix" : (suggest(key ?? "", candidates) ?? `declare it under ${kind === "address" ? `hosts.${host.name}.addresses` : "names"}`);
    unknown.push({ token, hint });
    return token;
  });
  return { text: expanded, unknown };
}

function lookup(kind: string | undefined, key: string, host: Host, inventory: Inventory): string | undefined {
  if (kind === "address") return host.addresses.find((a) => a.name === key)?.ip;
  if (kind === "name") return inventory.names.get(key);
  return inventory.registry?.prefix;
}

/** POSIX ERE's special characters, escaped so that a value matches only itself. */
const escapeERE = (value: string): string => value.replace(/[.[\]()*+?{}|^$\\]/g, "\\$&");

/** A check as it runs on a host, placeholders replaced (an unknown one stays as written: validation reports it). */
export function expandCheck(check: Check, host: Host, inventory: Inventory): { run: string; output?: string } {
  const run = expandPlaceholders(check.run, host, inventory).text;
  return check.output === undefined ? { run } : { run, output: expandPlaceholders(check.output, host, inventory, escapeERE).text };
}
