// The platform user, as NixOS declares it (nixos/modules/config/users-groups.nix): uid and gid
// pinned, lingering, its home and subordinate id ranges. Rootless podman keeps its database,
// storage and runtime paths under the uid: when a uid changed (995 → 850 on the platform this
// was written for), podman's database came back empty and every container definition was lost.
// So a different uid anywhere in the configuration must stop the build, with the reason.
import { attr, attrs, code, str, type NixAttr } from "./nix.js";
import type { ModuleContext, NixSection } from "./context.js";

export function userSection(ctx: ModuleContext): NixSection {
  const p = ctx.inventory.platform;
  const user = [
    // mkDefault: another definition of the uid then wins the merge quietly, and the assertion
    // below fails with its explanation rather than NixOS's "conflicting definition values".
    attr("uid", code(`lib.mkDefault ${p.uid}`), ["NEVER CHANGE: podman's storage and database belong to this uid. The assertions below stop any other value (mkDefault only lets another definition reach them, rather than NixOS's conflict error)."]),
    // Named after the user: the inventory pins the gid, not a group name.
    attr("group", str(p.user)),
    // A service account: no login shell, and no automatic subordinate ranges (set below).
    attr("isSystemUser", true),
    attr("home", str(p.home)),
    attr("createHome", true),
    attr("linger", true, ["Its user manager, which runs the containers, starts at boot without a login."]),
    ...(p.subuid ? [attr("subUidRanges", [attrs(attr("startUid", p.subuid.start), attr("count", p.subuid.count))])] : []),
    ...(p.subgid ? [attr("subGidRanges", [attrs(attr("startGid", p.subgid.start), attr("count", p.subgid.count))])] : []),
  ];
  return {
    comments: [`The platform user from ${ctx.source} (platform), with its uid and gid pinned.`],
    attrs: [
      attr(["users", "users", p.user], attrs(...user)),
      attr(["users", "groups", p.user, "gid"], code(`lib.mkDefault ${p.gid}`)),
      attr("assertions", [pinned(ctx, "users", "uid", p.uid), pinned(ctx, "groups", "gid", p.gid)]),
    ],
  };
}

/** An assertion that the merged configuration kept the inventory's id. */
function pinned(ctx: ModuleContext, kind: "users" | "groups", key: "uid" | "gid", value: number): { attrs: NixAttr[] } {
  const p = ctx.inventory.platform;
  const option = `config.users.${kind}.${p.user}.${key}`;
  return attrs(
    attr("assertion", code(`${option} == ${value}`)),
    attr(
      "message",
      str(
        `${option.replace(/^config\./, "")} is `,
        code(`builtins.toJSON ${option}`),
        `, but ${ctx.source} pins it to ${value} (platform.${key}). Rootless podman keeps its database, storage and runtime paths under the ${key === "uid" ? "user's uid" : "user's ids"}: another value loses every container definition. Remove the other definition; to really move the platform, change ${ctx.source} and migrate podman's storage first.`,
      ),
    ),
  );
}
