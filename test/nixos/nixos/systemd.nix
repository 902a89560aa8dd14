# The systemd options the module sets, with nixpkgs' names, types and defaults
# (nixos/lib/systemd-unit-options.nix, nixos/lib/systemd-lib.nix, nixos/modules/system/boot/systemd.nix
# and systemd/user.nix): units, services and targets of the system manager and of user managers,
# and systemd.packages. Services and targets become units as NixOS turns them into ones (by
# name, with their override strategy); the unit text NixOS renders from their options is not
# rendered here. Also what NixOS defines itself for user@.service.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;

  # systemd-lib.nix: a unit name, as every dependency list takes.
  unitNameType = types.strMatching "[a-zA-Z0-9@%:_.\\-]+[.](service|socket|device|mount|automount|swap|target|path|timer|scope|slice)";
  units = mkOption { type = types.listOf unitNameType; default = [ ]; };

  # systemd-unit-options.nix: a value of a [Section] key, or a list of them for repeated keys.
  unitOption = lib.mkOptionType {
    name = "systemd option";
    merge = loc: defs:
      let defs' = lib.filterOverrides defs;
      in if lib.any (def: lib.isList def.value) defs' then lib.concatMap (def: lib.toList def.value) defs' else lib.mergeEqualOption loc defs';
  };
  section = mkOption { type = types.attrsOf unitOption; default = { }; };

  sharedOptions = {
    enable = mkOption { type = types.bool; default = true; };
    overrideStrategy = mkOption { type = types.enum [ "asDropinIfExists" "asDropin" ]; default = "asDropinIfExists"; };
    requiredBy = units;
    upheldBy = units;
    wantedBy = units;
    aliases = units;
  };

  concreteUnit = { options = sharedOptions // { text = mkOption { type = types.nullOr types.str; default = null; }; }; };

  commonUnitOptions = sharedOptions // {
    description = mkOption { type = types.singleLineStr; default = ""; };
    documentation = mkOption { type = types.listOf types.str; default = [ ]; };
    requires = units;
    wants = units;
    upholds = units;
    after = units;
    before = units;
    bindsTo = units;
    partOf = units;
    conflicts = units;
    requisite = units;
    onFailure = units;
    onSuccess = units;
    unitConfig = section;
    restartTriggers = mkOption { type = types.listOf types.unspecified; default = [ ]; };
    reloadTriggers = mkOption { type = types.listOf unitOption; default = [ ]; };
  };

  script = mkOption { type = types.lines; default = ""; };
  # checkService: Type= and Restart= only take the values systemd.service(5) lists.
  plain = v: if lib.isAttrs v && v._type or "" == "override" then v.content else v;
  checkService = v: lib.all (k: !(v ? ${k}) || lib.elem (plain v.${k}) allowed.${k}) (lib.attrNames allowed);
  allowed = {
    Type = [ "exec" "simple" "forking" "oneshot" "dbus" "notify" "notify-reload" "idle" ];
    Restart = [ "no" "on-success" "on-failure" "on-abnormal" "on-abort" "on-watchdog" "always" ];
  };
  serviceOptions = commonUnitOptions // {
    environment = mkOption { type = types.attrsOf (types.nullOr (types.oneOf [ types.str types.path types.package ])); default = { }; };
    path = mkOption { type = types.listOf (types.oneOf [ types.package types.str ]); default = [ ]; };
    serviceConfig = mkOption { type = types.addCheck (types.attrsOf unitOption) checkService; default = { }; };
    inherit script;
    scriptArgs = mkOption { type = types.str; default = ""; };
    preStart = script;
    postStart = script;
    reload = script;
    preStop = script;
    postStop = script;
    restartIfChanged = mkOption { type = types.bool; default = true; };
    reloadIfChanged = mkOption { type = types.bool; default = false; };
    stopIfChanged = mkOption { type = types.bool; default = true; };
    startAt = mkOption { type = types.either types.str (types.listOf types.str); default = [ ]; apply = v: lib.toList v; };
  };

  targetOptions = commonUnitOptions;

  manager = {
    units = mkOption { type = types.attrsOf (types.submodule concreteUnit); default = { }; };
    services = mkOption { type = types.attrsOf (types.submodule { options = serviceOptions; }); default = { }; };
    targets = mkOption { type = types.attrsOf (types.submodule { options = targetOptions; }); default = { }; };
  };

  # serviceToUnit / targetToUnit, as far as the layout of /etc depends on them.
  asUnits = cfg:
    lib.mapAttrs' (n: v: lib.nameValuePair "${n}.service" { inherit (v) enable overrideStrategy wantedBy requiredBy upheldBy aliases; text = null; from = "systemd.services.${n}"; }) cfg.services
    // lib.mapAttrs' (n: v: lib.nameValuePair "${n}.target" { inherit (v) enable overrideStrategy wantedBy requiredBy upheldBy aliases; text = null; from = "systemd.targets.${n}"; }) cfg.targets;
in
{
  options.systemd = manager // {
    packages = mkOption { type = types.listOf types.package; default = [ ]; };
    user = manager;
  };

  # user.nix: NixOS's own settings for every user manager, a drop-in for the template.
  config.systemd.services."user@".restartIfChanged = false;

  # Read by ./layout.nix: every unit of each manager, with where its definition came from.
  options.mcquadTest.units = mkOption { type = types.attrsOf types.unspecified; internal = true; readOnly = true; };
  config.mcquadTest.units = {
    system = lib.mapAttrs (n: u: { inherit (u) enable overrideStrategy wantedBy requiredBy upheldBy aliases text; from = "systemd.units.\"${n}\""; }) config.systemd.units // asUnits config.systemd;
    user = lib.mapAttrs (n: u: { inherit (u) enable overrideStrategy wantedBy requiredBy upheldBy aliases text; from = "systemd.user.units.\"${n}\""; }) config.systemd.user.units // asUnits config.systemd.user;
  };
}
