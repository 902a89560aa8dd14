# The packages the module names, as derivations in name only: an attribute set of type
# "derivation" with an outPath is what lib.isDerivation and types.package accept, and what string
# interpolation prints. Nothing is built. The write* builders keep their text in `files`
# (relative path → text) for the /etc that ./systemd.nix lays out.
# paths: name → store path (a test may point one at a folder of stand-in tools).
{ paths }:
let
  store = name: "/nix/store/00000000000000000000000000000000-${name}";
  drv = name: outPath: extra: { type = "derivation"; inherit name outPath; outputName = "out"; } // extra;
in
builtins.mapAttrs (name: path: drv name path { }) paths
// {
  # nixpkgs' pkgs/build-support/trivial-builders: writeText NAME TEXT is a file, writeTextDir
  # PATH TEXT a folder holding PATH.
  writeText = name: text: drv name (store name) { files."" = text; };
  writeTextDir = path: text: drv (baseNameOf path) (store (baseNameOf path)) { files.${path} = text; };
  # writeShellScriptBin NAME TEXT: bin/NAME, the text behind bash's own #! line.
  writeShellScriptBin = name: text: drv name (store name) { files."bin/${name}" = text; };
}
