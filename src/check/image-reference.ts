// Image references as podman parses them (containers/image docker/reference, regexp.go: the
// distribution grammar). Quadlet copies Image= into podman's command line, so a reference podman
// refuses, or one with a space that systemd splits into a second argument (`kls:v1 --privileged`),
// would be found only at boot, by a failing unit.
//
//   reference := name [":" tag] ["@" digest]
//   name      := [domain[":" port] "/"] path-component ["/" path-component]*
const pathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const tag = "[\\w][\\w.-]{0,127}";
const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;

const reference = new RegExp(`^(${name})(?::${tag})?(?:@${digest})?$`);
/** `registry.prefix`: a registry, optionally with the path that image names go under. */
const prefix = new RegExp(`^${domain}(?:/${pathComponent})*/?$`);

/** docker/reference NameTotalLengthMax. */
const NAME_MAX = 255;

/** Why podman would refuse `image`, or undefined when it is a valid reference. */
export function imageReferenceProblem(image: string): string | undefined {
  const match = reference.exec(image);
  if (match) return (match[1] as string).length > NAME_MAX ? `its name is longer than ${NAME_MAX} characters` : undefined;
  if (/\s/.test(image)) return "it contains white space (systemd would split it into more arguments)";
  const [withoutDigest = "", digestPart] = image.split("@");
  if (digestPart !== undefined && !new RegExp(`^${digest}$`).test(digestPart)) return "the digest after @ is not ALGORITHM:HEX (at least 32 hex digits)";
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  const tagPart = colon >= 0 ? withoutDigest.slice(colon + 1) : undefined;
  if (tagPart !== undefined && !new RegExp(`^${tag}$`).test(tagPart)) return "the tag must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'";
  if (/[A-Z]/.test(withoutDigest.slice(withoutDigest.indexOf("/") + 1, colon >= 0 ? colon : undefined))) return "the path must be lower-case";
  return "it is not of the form [registry[:port]/]path[:tag][@digest]";
}

/** Why `registry.prefix` cannot precede an image name, or undefined. */
export function registryPrefixProblem(value: string): string | undefined {
  return prefix.test(value) ? undefined : "it is not a registry host[:port], optionally followed by a lower-case /path";
}
