# The files a NixOS system built from the configuration has under /etc, by path: the
# environment.etc entries, and the unit folders systemd/system and systemd/user as
# generateUnits (nixos/lib/systemd-lib.nix) lays them out. Its rules, in its order: the files of
# systemd.packages (etc/ or lib/systemd/<type>/, drop-in folders merged); a unit defined with
# overrideStrategy "asDropin", or "asDropinIfExists" (the default) while systemd or a package
# provides a unit of that name, becomes <name>.d/overrides.conf, otherwise <name>; a disabled
# unit links to /dev/null; wantedBy and requiredBy become .wants and .requires links.
# A file's value is its text, "<option>" for a unit NixOS renders from options, "-> target"
# for a link.
{ lib, config }:
let
  inherit (lib) attrNames concatMapAttrs elem filterAttrs hasPrefix head mapAttrs' nameValuePair removePrefix splitString;

  # The upstream units systemd brings that the configurations in these tests refer to.
  upstream = {
    system = [ "multi-user.target" "network-online.target" "user@.service" ];
    user = [ "default.target" ];
  };

  packageFiles = type:
    let prefixes = [ "etc/systemd/${type}/" "lib/systemd/${type}/" ];
        under = path: lib.any (p: hasPrefix p path) prefixes;
        strip = path: lib.foldl' (acc: p: removePrefix p acc) path prefixes;
    in lib.foldl' (acc: pkg: acc // mapAttrs' (path: text: nameValuePair (strip path) text) (filterAttrs (path: _: under path) (pkg.files or { }))) { } config.systemd.packages;

  provided = type: upstream.${type} ++ map (path: head (splitString "/" path)) (attrNames (packageFiles type));

  content = u: if u.text != null then u.text else "<${u.from}>";

  placed = type: name: u:
    if !u.enable then { ${name} = "-> /dev/null"; }
    else if u.overrideStrategy == "asDropin" || elem name (provided type) then { "${name}.d/overrides.conf" = content u; }
    else { ${name} = content u; };

  links = name: u:
    lib.listToAttrs (map (t: nameValuePair "${t}.wants/${name}" "-> ${name}") u.wantedBy
      ++ map (t: nameValuePair "${t}.requires/${name}" "-> ${name}") u.requiredBy
      ++ map (t: nameValuePair "${t}.upholds/${name}" "-> ${name}") u.upheldBy);

  folder = type:
    let units = config.mcquadTest.units.${type};
    in packageFiles type // concatMapAttrs (placed type) units // concatMapAttrs links units;

  under = dir: files: mapAttrs' (path: v: nameValuePair "${dir}/${path}" v) files;

  etc = concatMapAttrs (_: e: lib.optionalAttrs e.enable { ${e.target} = if e.text != null then e.text else "-> ${toString e.source}"; }) config.environment.etc;
in
etc // under "systemd/system" (folder "system") // under "systemd/user" (folder "user")
