# A NixOS configuration evaluated with nixpkgs' own module system (lib.evalModules from the lib
# at libPath): the option declarations beside this file, the module under test, and the test's
# other modules (files). Failed assertions stop the evaluation with the message NixOS prints
# (nixos/modules/system/activation/top-level.nix); otherwise the result is the configuration the
# tests read, and /etc as ./layout.nix lays it out.
{ libPath, modulePath, extraJSON ? "[]", pkgsJSON, release ? "" }:
let
  # release: another NixOS release's number, for what the module decides by it.
  nixpkgsLib = import (/. + libPath);
  lib = if release == "" then nixpkgsLib else nixpkgsLib.extend (self: super: { trivial = super.trivial // { inherit release; }; });
  pkgs = import ./pkgs.nix { paths = builtins.fromJSON pkgsJSON; };
  eval = lib.evalModules {
    modules = [
      ./users-groups.nix
      ./systemd.nix
      ./misc.nix
      { _module.args.pkgs = pkgs; }
      (/. + modulePath)
    ] ++ map (f: /. + f) (builtins.fromJSON extraJSON);
  };
  cfg = eval.config;
  failed = map (a: a.message) (lib.filter (a: !a.assertion) cfg.assertions);
  manager = m: { inherit (m) units services targets; };
in
if failed != [ ] then throw "\nFailed assertions:\n${lib.concatStringsSep "\n" (map (m: "- ${m}") failed)}"
else {
  inherit (cfg) users boot virtualisation;
  environment = {
    etc = lib.mapAttrs (_: e: { inherit (e) enable target text mode; }) cfg.environment.etc;
    inherit (cfg.environment) systemPackages;
  };
  systemd = manager cfg.systemd // { inherit (cfg.systemd) packages; user = manager cfg.systemd.user; };
  etc = import ./layout.nix { inherit lib; config = cfg; };
}
