# The other options the module sets, with nixpkgs' names, types and defaults:
# assertions (nixos/modules/misc/assertions.nix), environment.etc
# (nixos/modules/system/etc/etc.nix), environment.systemPackages
# (nixos/modules/config/system-path.nix), boot.kernel.sysctl (nixos/modules/config/sysctl.nix),
# virtualisation.podman (nixos/modules/virtualisation/podman/default.nix).
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkDefault mkIf mkOption types;

  # sysctl.nix: a boolean, string or integer, or null; one definition wins by priority.
  sysctlOption = lib.mkOptionType {
    name = "sysctl option value";
    check = val: let checkType = x: lib.isBool x || lib.isString x || lib.isInt x || x == null; in checkType val || (val._type or "" == "override" && checkType val.content);
    merge = loc: defs: lib.mergeOneOption loc (lib.filterOverrides defs);
  };

  etcOpts = { name, config, options, ... }: {
    options = {
      enable = mkOption { type = types.bool; default = true; };
      target = mkOption { type = types.str; };
      text = mkOption { type = types.nullOr types.lines; default = null; };
      source = mkOption { type = types.path; };
      mode = mkOption { type = types.str; default = "symlink"; };
      uid = mkOption { type = types.int; default = 0; };
      gid = mkOption { type = types.int; default = 0; };
      user = mkOption { type = types.str; default = "+${toString config.uid}"; };
      group = mkOption { type = types.str; default = "+${toString config.gid}"; };
    };
    config = {
      target = mkDefault name;
      source = mkIf (config.text != null) (lib.mkDerivedConfig options.text (pkgs.writeText "etc-${lib.replaceStrings [ "/" ] [ "-" ] name}"));
    };
  };
in
{
  options = {
    assertions = mkOption { type = types.listOf types.unspecified; internal = true; default = [ ]; };
    warnings = mkOption { type = types.listOf types.str; internal = true; default = [ ]; };
    environment.etc = mkOption { type = types.attrsOf (types.submodule etcOpts); default = { }; };
    environment.systemPackages = mkOption { type = types.listOf types.package; default = [ ]; };
    boot.kernel.sysctl = mkOption { type = types.attrsOf sysctlOption; default = { }; };
    virtualisation.podman = {
      enable = lib.mkEnableOption "podman";
      extraPackages = mkOption { type = types.listOf types.package; default = [ ]; };
    };
  };
}
