// The oldest Podman the units must work with decides which Quadlet keys mcquad may write.
import type { Inventory } from "../inventory/model.js";
import { type Finding, error } from "../report/finding.js";

const compare = (a: string, b: string): number => {
  const [am = 0, an = 0] = a.split(".").map(Number);
  const [bm = 0, bn = 0] = b.split(".").map(Number);
  return am - bm || an - bn;
};

/** Notify=healthy needs Podman 5.0 (podman-systemd.unit(5), Notify=). */
export function checkVersion(inventory: Inventory): Finding[] {
  if (compare(inventory.podman, "5.0") >= 0) return [];
  return inventory.services
    .filter((s) => s.notifyHealthy)
    .map((s) => error([...s.path, "health"], `health-gated start (Notify=healthy) needs Podman 5.0, but the inventory targets ${inventory.podman}`, 'raise podman: to "5.0" or later, or set notify: none'));
}
