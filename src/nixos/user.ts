// The platform user, as NixOS declares it (nixos/modules/config/users-groups.nix): uid and gid
// pinned, lingering, its home and subordinate id ranges. Rootless podman keeps its database,
// storage and runtime paths under the uid: when a uid changed (995 → 850 on the platform this
// was written for), podman's database came back empty and every container definition was lost.
// So a different uid anywhere in the configuration must stop the build, with the reason; and so
// must subordinate ids another user shares, since the containers' ids map into them.
import { attr, attrs, code, str, type NixAttr } from "./nix.js";
import type { ModuleContext, NixSection } from "./context.js";

/** Between mkDefault (1000) and mkOptionDefault (1500). */
const idPriority = 1400;

type IdRange = { readonly start: number; readonly count: number };

export function userSection(ctx: ModuleContext): NixSection {
  const p = ctx.inventory.platform;
  const user = [
    // Priority 1400 (lib/modules.nix): weaker than mkDefault (1000), so any other definition of
    // the uid, even a mkDefault one, wins the merge quietly and the assertion below fails with
    // its explanation rather than NixOS's "conflicting definition values"; stronger than the
    // option's own default (mkOptionDefault, 1500), which is null and would conflict with it.
    attr("uid", code(`lib.mkOverride ${idPriority} ${p.uid}`), [`NEVER CHANGE: podman's storage and database belong to this uid. The assertions below stop any other value (mkOverride ${idPriority} only lets another definition, even a mkDefault one, reach them rather than NixOS's conflict error).`]),
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
      attr(["users", "groups", p.user, "gid"], code(`lib.mkOverride ${idPriority} ${p.gid}`)),
      attr("assertions", [
        pinned(ctx, "users", "uid", p.uid),
        pinned(ctx, "groups", "gid", p.gid),
        ...(p.subuid ? [shared(ctx, "Uid", p.subuid)] : []),
        ...(p.subgid ? [shared(ctx, "Gid", p.subgid)] : []),
      ]),
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

/**
 * The subordinate ids NixOS gives every other user, as let bindings the assertions read: the
 * ranges declared for them, and the automatic ones. NixOS's user update script
 * (nixos/modules/config/update-users-groups.pl, allocSubUid) gives each user with
 * autoSubUidGidRange (by default every normal user without declared ranges) 65536 ids from
 * 100000 on, one block per user in allocation order, without looking at declared ranges. Which
 * block goes to which user depends on its map of earlier allocations
 * (/var/lib/nixos/auto-subuid-map), so the check takes the first blocks, one per such user:
 * where a fresh host puts them.
 */
export function subIdBindings(ctx: ModuleContext): NixAttr[] {
  const p = ctx.inventory.platform;
  if (!p.subuid && !p.subgid) return [];
  const name = JSON.stringify(p.user);
  return [
    attr("otherUsers", code(`lib.filter (u: u.name != ${name} && (u.enable or true)) (lib.attrValues config.users.users)`), [
      `Subordinate ids NixOS gives users other than ${p.user}: declared ranges, and 65536 ids from 100000 on for each user with autoSubUidGidRange (update-users-groups.pl), whatever the declared ranges are.`,
    ]),
    attr("automaticSubIdUsers", code("map (u: u.name) (lib.filter (u: u.autoSubUidGidRange) otherUsers)")),
    attr("declaredSubIds", code('kind: lib.concatMap (u: map (r: { owner = u.name; start = r."start${kind}"; inherit (r) count; }) u."sub${kind}Ranges") otherUsers')),
    attr("automaticSubIds", code('lib.genList (i: { owner = "automatic, for one of ${lib.concatStringsSep ", " automaticSubIdUsers}"; start = 100000 + 65536 * i; count = 65536; }) (lib.length automaticSubIdUsers)')),
    attr("sharedSubIds", code("kind: own: lib.filter (r: r.start < own.start + own.count && own.start < r.start + r.count) (declaredSubIds kind ++ automaticSubIds)")),
    attr("showSubIds", code('lib.concatMapStringsSep "; " (r: "${toString r.start}-${toString (r.start + r.count - 1)} (${r.owner})")')),
  ];
}

/** An assertion that no other user's subordinate ids overlap the platform user's. */
function shared(ctx: ModuleContext, kind: "Uid" | "Gid", range: IdRange): { attrs: NixAttr[] } {
  const p = ctx.inventory.platform;
  const clashes = `sharedSubIds "${kind}" { start = ${range.start}; count = ${range.count}; }`;
  const key = `sub${kind.toLowerCase()}`;
  return attrs(
    attr("assertion", code(`${clashes} == [ ]`)),
    attr(
      "message",
      str(
        `users.users.${p.user}.sub${kind}Ranges ${range.start}-${range.start + range.count - 1} (platform.${key} in ${ctx.source}) overlaps the subordinate ${kind.toLowerCase()}s NixOS gives other users: `,
        code(`showSubIds (${clashes})`),
        `. Their processes and ${p.user}'s containers would share ids. Choose a range in ${ctx.source} that no user has in the host's /etc/${key} and above the automatic ones (65536 ids from 100000 on per normal user), or declare the other users' ranges; moving ${p.user}'s existing range needs podman's storage migrated first (README, "Subordinate ids").`,
      ),
    ),
  );
}
