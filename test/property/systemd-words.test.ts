// src/podman/systemd-words.ts against systemd's own documentation rather than our expectations:
// the command-line examples of systemd.service(5) ("Command lines") and the quoting and escape
// table of systemd.syntax(7) ("Quoting"), as in systemd 252 to 257.
import { describe, expect, it } from "vitest";
import { splitSystemdWords } from "../../src/podman/systemd-words.js";

describe("systemd.service(5), Command lines: the documented examples", () => {
  it.each([
    // "ExecStart=sh -c 'dmesg | tac'": shell syntax goes to a shell, as one argument.
    ["sh -c 'dmesg | tac'", ["sh", "-c", "dmesg | tac"]],
    // "ExecStart=echo / >/dev/null & \; \<newline>ls": "echo with five arguments: "/", ">/dev/null",
    // "&", ";", and "ls"". The continuation is joined with a space (systemd.syntax(7)).
    ["echo / >/dev/null & \\;  ls", ["echo", "/", ">/dev/null", "&", ";", "ls"]],
    // "To pass a literal dollar sign, use "$$"".
    ["echo $$HOME", ["echo", "$HOME"]],
    // Variables are systemd's to expand at run time; the reader keeps them as written.
    ["echo $ONE $TWO ${TWO}", ["echo", "$ONE", "$TWO", "${TWO}"]],
    ["/bin/echo ${ONE} ${TWO} ${THREE}", ["/bin/echo", "${ONE}", "${TWO}", "${THREE}"]],
    // systemd.unit(5), Specifiers: "%%" is "a single percent sign".
    ["printf 100%%", ["printf", "100%"]],
  ])("%s", (line, argv) => {
    expect(splitSystemdWords(line)).toEqual(argv);
  });

  it("reads `echo one ; echo \"two two\"` as words the caller must split at a bare `;`", () => {
    // "This will execute echo two times, each time with one argument: "one" and "two two"."
    expect(splitSystemdWords('echo one ; echo "two two"')).toEqual(["echo", "one", ";", "echo", "two two"]);
    // The reader gives the separator and the escaped `\;` the same word: test/property/readback.ts
    // relies on Quadlet never writing `\;`, so that every `;` word in its output is a separator.
    expect(splitSystemdWords("a \\; b")).toEqual(splitSystemdWords("a ; b"));
  });
});

describe("systemd.syntax(7), Quoting", () => {
  it("takes a double- or single-quoted item whole, without its quotes, and UTF-8 as it is", () => {
    expect(splitSystemdWords(`"a b" 'c d' "it's" 'say "hi"' é😀 a\u0301`)).toEqual(["a b", "c d", "it's", 'say "hi"', "é😀", "a\u0301"]);
    expect(splitSystemdWords("  spaced \t out  ")).toEqual(["spaced", "out"]);
  });

  it.each([
    ["\\a", "\u0007"], ["\\b", "\b"], ["\\f", "\f"], ["\\n", "\n"], ["\\r", "\r"], ["\\t", "\t"], ["\\v", "\v"],
    ["\\\\", "\\"], ['\\"', '"'], ["\\'", "'"], ["\\s", " "],
    ["\\x41", "A"], ["\\101", "A"], ["\\u00e9", "é"], ["\\U0001f600", "😀"],
  ])("escape %s (table 1, supported escapes)", (escape, value) => {
    expect(splitSystemdWords(`x${escape}y "x${escape}y"`)).toEqual([`x${value}y`, `x${value}y`]);
  });
});
