// A synthetic inventory of N services in the shape of the real one: four stages, loopback ports,
// a bind mount, arguments, a TCP health check, a dependency on the previous service for every
// tenth one. Block style, as people write it.
export function syntheticInventory(count) {
  const lines = [
    "version: 1",
    'podman: "5.4"',
    "platform: { name: Bench, user: bench, uid: 900, gid: 900, home: /srv/bench }",
    "registry: { prefix: registry.example.net, served_by: [svc00000] }",
    "hosts:",
    "  box:",
    "    addresses: { loopback: 127.0.0.1 }",
    "stages:",
    ...[1, 2, 3, 4].map((s) => `  - { name: bench-stage${s}, description: Stage ${s} }`),
    "defaults:",
    "  health: { interval: 10s, timeout: 5s, retries: 3, start_period: 10s, on_failure: kill }",
    "services:",
  ];
  for (let i = 0; i < count; i++) {
    const name = `svc${String(i).padStart(5, "0")}`;
    const stage = Math.min(4, 1 + Math.floor((4 * i) / count));
    lines.push(
      `  ${name}:`,
      `    stage: ${stage}`,
      `    image: ${name}:v1.${i % 10}.0`,
      ...(stage <= 2 ? ["    pull: never"] : []),
      "    ports:",
      `      - loopback:${10000 + i}:8080`,
      "    volumes:",
      `      - /srv/${name}:/srv/${name}`,
      `    args: [server, --config, /srv/${name}/config.toml]`,
      ...(i % 10 === 9 ? [`    requires: [svc${String(i - 1).padStart(5, "0")}]`] : []),
      "    health:",
      "      tcp: { port: 8080 }",
    );
  }
  return `${lines.join("\n")}\n`;
}
