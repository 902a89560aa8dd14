# The users and groups options the module sets or reads, with nixpkgs' names, types and defaults
# (nixos/modules/config/users-groups.nix, NixOS 25.11): a misspelled option or a wrong type fails
# evaluation as it would on the host. Also what that module defines itself (root, nobody) and
# how it turns isNormalUser into autoSubUidGidRange.
{ config, lib, ... }:
let
  inherit (lib) mkDefault mkIf mkMerge mkOption types;

  range = start: {
    options.${start} = mkOption { type = types.int; };
    options.count = mkOption { type = types.int; default = 1; };
  };

  userOpts = { name, config, ... }: {
    options = {
      enable = mkOption { type = types.bool; default = true; };
      name = mkOption { type = types.passwdEntry types.str; };
      description = mkOption { type = types.passwdEntry types.str; default = ""; };
      uid = mkOption { type = types.nullOr types.int; default = null; };
      isSystemUser = mkOption { type = types.bool; default = false; };
      isNormalUser = mkOption { type = types.bool; default = false; };
      group = mkOption { type = types.str; default = ""; };
      extraGroups = mkOption { type = types.listOf types.str; default = [ ]; };
      home = mkOption { type = types.passwdEntry types.path; default = "/var/empty"; };
      homeMode = mkOption { type = types.strMatching "[0-7]{1,5}"; default = "700"; };
      createHome = mkOption { type = types.bool; default = false; };
      subUidRanges = mkOption { type = types.listOf (types.submodule (range "startUid")); default = [ ]; };
      subGidRanges = mkOption { type = types.listOf (types.submodule (range "startGid")); default = [ ]; };
      autoSubUidGidRange = mkOption { type = types.bool; default = false; };
      # nullOr since NixOS 25.05 (null: not managed); a plain bool before.
      linger = mkOption { type = types.nullOr types.bool; default = null; };
    };
    config = mkMerge [
      { name = mkDefault name; }
      (mkIf config.isNormalUser {
        group = mkDefault "users";
        createHome = mkDefault true;
        home = mkDefault "/home/${config.name}";
        isSystemUser = mkDefault false;
      })
      (mkIf (config.isNormalUser && config.subUidRanges == [ ] && config.subGidRanges == [ ]) {
        autoSubUidGidRange = mkDefault true;
      })
    ];
  };

  groupOpts = { name, ... }: {
    options = {
      name = mkOption { type = types.passwdEntry types.str; };
      gid = mkOption { type = types.nullOr types.int; default = null; };
      members = mkOption { type = types.listOf (types.passwdEntry types.str); default = [ ]; };
    };
    config.name = mkDefault name;
  };
in
{
  options.users = {
    users = mkOption { type = types.attrsOf (types.submodule userOpts); default = { }; };
    groups = mkOption { type = types.attrsOf (types.submodule groupOpts); default = { }; };
  };

  config.users = {
    users.root = { uid = 0; home = "/root"; group = "root"; };
    users.nobody = { uid = 65534; isSystemUser = true; group = "nogroup"; };
    groups.root.gid = 0;
    groups.nogroup.gid = 65534;
    groups.users.gid = 100;
  };
}
