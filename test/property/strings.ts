// Strings meant to break quoting: every character each layer treats specially (systemd's quotes,
// escapes, specifiers, variables and `;`; YAML; the unit-file parser's trimming and line
// continuation; Go's and JS's differing ideas of white space), Unicode of every shape, and
// whole values that are special on their own. No C0 control characters or DEL here: those are
// refused on principle (see control.test.ts).
import fc from "fast-check";

const specialAscii = [" ", '"', "'", "\\", "%", "$", ";", "=", ":", "-", "#", "&", "|", "`", "*", "?", "~", "!", "{", "}", "(", ")", "[", "]", "<", ">", "@", "+", ",", ".", "/"];

/** Text that looks like an escape, specifier or variable to some layer. */
const lookalikes = ["%%", "$$", "${HOME}", "$HOME", "%n", "%i", "\\n", "\\x41", "\\x80", "\\u00e9", "\\;", "--", ";;", "\"'", "\\\\"];

const unicode = [
  "é", "a\u0301", "\u0301", "ß", "漢", "ש", "😀", "👩‍👩‍👧", "🇩🇪", "𝄞", "\u{10ffff}", "\u200d", "\ufffd",
  // White space to Go's unicode.IsSpace and/or JS's trim, but not to systemd.
  "\u00a0", "\u0085", "\u1680", "\u2000", "\u2028", "\u2029", "\u202f", "\u3000", "\ufeff",
  // C1 controls and non-characters: printable to nobody, refused by nobody.
  "\u0080", "\u0081", "\u009f", "\ufffe", "\uffff",
];

/** A code point that is not a C0 control or DEL (and not a lone surrogate: see loneSurrogate). */
const anyCodePoint = fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).filter((c) => !/[\u0000-\u001f\u007f]/.test(c));

/** Only a YAML `\ud800` escape can produce one; the unit files are UTF-8, where it has no encoding. */
const loneSurrogate = fc.constantFrom("\ud800", "\udfff", "\udbff");

const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...specialAscii) },
  { weight: 2, arbitrary: fc.constantFrom(...lookalikes) },
  { weight: 4, arbitrary: fc.constantFrom(...unicode) },
  { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 5 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 2 }) },
  { weight: 2, arbitrary: anyCodePoint },
  { weight: 1, arbitrary: loneSurrogate },
);

/** Values that are special as a whole, not only in part. */
const wholeValues = ["", " ", ";", "-", "--", "=", ":", '"', "'", "\\", "%", "$", '""', "''", "a\\", '"a"', " a", "a ", "\u3000a", "a\u0085", "#", "[x]",
  // Podman's own --health-cmd syntax.
  "none", "NONE x", "cmd true", "CMD-SHELL true", '["true"]', "[]", "null", "nonexistent"];

export function hostileString(maxPieces = 8): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...wholeValues) },
    { weight: 8, arbitrary: fc.array(piece, { minLength: 1, maxLength: maxPieces }).map((p) => p.join("")) },
  );
}

/** An absolute path without `:` (the volume separator): `/` then hostile text. */
export const hostilePath: fc.Arbitrary<string> = fc
  .array(hostileString(4), { minLength: 1, maxLength: 3 })
  .map((parts) => `/${parts.join("/")}`.replaceAll(":", "_"));

/** A C0 control character or DEL, placed somewhere in an otherwise hostile string. */
export const withControl: fc.Arbitrary<string> = fc
  .tuple(hostileString(4), fc.integer({ min: 0, max: 32 }), fc.nat())
  .map(([s, code, at]) => {
    const chars = [...s]; // by code point, so no surrogate pair is cut in two
    chars.splice(at % (chars.length + 1), 0, String.fromCharCode(code === 32 ? 0x7f : code));
    return chars.join("");
  });
