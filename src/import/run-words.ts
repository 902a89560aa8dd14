// The words after `podman run`, grouped as podman-run(1) reads them: options (each with its value
// and the word it starts at), the image, the command's arguments. Positions are kept so every
// option the importer cannot map is reported where it is written.
import type { ShellWord } from "../podman/shell-words.js";
import { valued } from "../podman/run-command.js";

export interface RunOption {
  /** The option's spelling, e.g. `--publish` or `-p`. */
  readonly option: string;
  readonly value?: string;
  /** Where the option starts, and its value's word (the same word for `--opt=value`). */
  readonly word: ShellWord;
  readonly valueWord?: ShellWord;
}

export interface RunWords {
  readonly options: readonly RunOption[];
  readonly image?: ShellWord;
  readonly args: readonly ShellWord[];
}

/**
 * podman-run(1) options that take a value and that the normalized reader does not list: knowing
 * them keeps an unmapped `--cpus 2` from being read as the image `2`.
 */
const moreValued = new Set([
  "--annotation", "--arch", "--attach", "-a", "--blkio-weight", "--cgroup-parent", "--cgroupns", "--cpu-shares", "-c",
  "--cpus", "--cpuset-cpus", "--detach-keys", "--device-cgroup-rule", "--dns-option", "--dns-search", "--expose",
  "--gidmap", "--health-startup-cmd", "--init-path", "--ipc", "--label-file", "--log-opt", "--mac-address",
  "--memory-reservation", "--memory-swap", "--network-alias", "--os", "--pid", "--pids-limit", "--platform",
  "--preserve-fds", "--requires", "--seccomp-policy", "--shm-size", "--stop-signal", "--stop-timeout", "--subgidname",
  "--subuidname", "--sysctl", "--timeout", "--tz", "--uidmap", "--ulimit", "--umask", "--uts", "--variant", "--volumes-from",
]);

export const takesValue = (option: string): boolean => valued[option] !== undefined || moreValued.has(option);

/** Options end at the first word that is not one, or after `--`; the image follows. */
export function splitRunWords(words: readonly ShellWord[]): RunWords {
  const options: RunOption[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i] as ShellWord;
    if (word.text === "--") {
      i++;
      break;
    }
    if (!word.text.startsWith("-") || word.text === "-") break;
    const option = readOption(word, words[i + 1]);
    if (option.valueWord === words[i + 1] && option.valueWord !== undefined) i++;
    options.push(option);
  }
  const image = words[i];
  return image === undefined ? { options, args: [] } : { options, image, args: words.slice(i + 1) };
}

/** `--opt=value`, `--opt value`, `-p value` or `-p8080:80` (a short option with its value attached). */
function readOption(word: ShellWord, next: ShellWord | undefined): RunOption {
  const text = word.text;
  const eq = text.indexOf("=");
  if (text.startsWith("--") && eq > 0) return { option: text.slice(0, eq), value: text.slice(eq + 1), word, valueWord: word };
  if (takesValue(text)) return next === undefined ? { option: text, word } : { option: text, value: next.text, word, valueWord: next };
  const short = text.slice(0, 2);
  if (!text.startsWith("--") && text.length > 2 && takesValue(short)) return { option: short, value: text.slice(2), word, valueWord: word };
  return { option: text, word };
}
