// out/system/: the door as plain systemd units, for hosts without NixOS (installed into
// /etc/systemd/system/), rendered with the units' template. The NixOS module installs the same
// texts (src/nixos/door.ts reads these files).
import type { HostDocument } from "../host/document.js";
import { hostContext } from "../host/context.js";
import { renderUnit } from "../render/render.js";
import { buildDoor } from "./units.js";

export const doorDocument: HostDocument = (host, model, _units, options) =>
  new Map(buildDoor(hostContext(host, model, options.source)).map((f) => [f.path, renderUnit(f.unit, options.template)]));
