// Quoting rules, table-driven. That the real Quadlet generator and systemd read them back as
// the intended strings is proven in test/verify against the real generator.
import { describe, expect, it } from "vitest";
import { healthCommandProblem, quoteHealthCmd, quoteRaw, quoteText, quoteWord, rawProblem, wordProblem } from "../../src/units/quote.js";
import { healthCommand, shellWord } from "../../src/units/health-cmd.js";

describe("quoteWord (Exec=, Environment=)", () => {
  it.each([
    ["server", "server"],
    ["--config=/srv/a.toml", "--config=/srv/a.toml"],
    ["a b", '"a b"'],
    ["it's", '"it\'s"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["100%", "100%%"],
    ["$HOME", '"$$HOME"'],
    ["a;b", '"a;b"'],
    ["ü", '"ü"'],
    ["-x", "-x"],
  ])("%j → %s", (word, quoted) => {
    expect(quoteWord(word)).toBe(quoted);
  });
});

describe("values Quadlet takes raw", () => {
  it.each([
    ["/srv/a b:/x", "/srv/a b:/x"],
    ["/srv/%i:/x", "/srv/%%i:/x"],
    ["/srv/$x:/x", "/srv/$$x:/x"],
  ])("quoteRaw(%j) → %s", (value, quoted) => {
    expect(quoteRaw(value)).toBe(quoted);
  });
  it("quoteHealthCmd doubles specifiers and dollars", () => {
    expect(quoteHealthCmd('test -n "$X" && echo 5%')).toBe('test -n "$$X" && echo 5%%');
  });
  it("quoteText doubles only specifiers", () => {
    expect(quoteText("50% of $X")).toBe("50%% of $X");
  });
});

describe("what cannot pass", () => {
  it.each([
    ["", true],
    [";", true],
    ["a;", false],
    [" ", false],
  ])("wordProblem(%j): %s", (word, refused) => {
    expect(wordProblem(word) !== undefined).toBe(refused);
  });
  it.each([
    ['"quoted" at start', true],
    ['ends with "quote"', true],
    [" leading space", true],
    ["trailing backslash\\", true],
    ['test -n "$X";', false],
  ])("healthCommandProblem(%j): %s", (command, refused) => {
    expect(healthCommandProblem(command) !== undefined).toBe(refused);
  });
  it("rawProblem refuses surrounding white space", () => {
    expect(rawProblem(" /a:/b")).toBeDefined();
    expect(rawProblem("/a:/b")).toBeUndefined();
  });
});

describe("health probes", () => {
  it.each([
    [{ kind: "http", port: 8080, urlPath: "/v1/health" }, "wget -q -O /dev/null http://127.0.0.1:8080/v1/health"],
    [{ kind: "https", port: 8443, urlPath: "/v1/health" }, "wget -q -O /dev/null --no-check-certificate https://127.0.0.1:8443/v1/health"],
    [{ kind: "http", port: 80, urlPath: "/a?b=1&c" }, "wget -q -O /dev/null 'http://127.0.0.1:80/a?b=1&c'"],
    [{ kind: "tcp", port: 53 }, "nc -z 127.0.0.1 53"],
    [{ kind: "command", command: "pg_isready" }, "pg_isready"],
  ] as const)("%j → %s", (probe, command) => {
    expect(healthCommand(probe)).toBe(command);
  });
  it("shellWord single-quotes what the shell would interpret", () => {
    expect(shellWord("it's")).toBe("'it'\\''s'");
  });
});
