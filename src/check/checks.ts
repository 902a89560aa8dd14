// Rules for checks and known problems: every placeholder names something on each host the check
// runs for, the expected output is a pattern grep -E reads as JavaScript would, and known
// problems name existing services. (Control characters are refused everywhere: src/check/values.ts.)
import type { Check, Host, Inventory } from "../inventory/model.js";
import { type Finding, error } from "../report/finding.js";
import { expandPlaceholders } from "../checks/expand.js";
import { type ServiceGraph, unknownService } from "../graph/graph.js";

export function checkChecks(inventory: Inventory, graph: ServiceGraph): Finding[] {
  const serviceChecks = inventory.services.flatMap((s) => s.checks.map((c) => ({ check: c, hosts: inventory.hosts.filter((h) => h.name === s.host) })));
  const platformChecks = inventory.checks.map((c) => ({ check: c, hosts: inventory.hosts }));
  return [
    ...[...serviceChecks, ...platformChecks].flatMap(({ check, hosts }) => [...placeholderFindings(check, hosts, inventory), ...outputFindings(check)]),
    ...knownProblemFindings(inventory, graph),
  ];
}

function placeholderFindings(check: Check, hosts: readonly Host[], inventory: Inventory): Finding[] {
  const seen = new Set<string>();
  const fields = [["run", check.run], ...(check.output === undefined ? [] : [["output", check.output]])] as const;
  return fields.flatMap(([field, text]) =>
    hosts.flatMap((host) =>
      expandPlaceholders(text, host, inventory).unknown.flatMap(({ token, hint }) => {
        if (seen.has(`${field} ${token}`)) return [];
        seen.add(`${field} ${token}`);
        const where = token.startsWith("{address.") ? ` on host ${host.name}` : "";
        return [error([...check.path, field], `${token} names nothing${where}`, hint)];
      }),
    ),
  );
}

/** grep -E (POSIX ERE) has no \d, \w, \s, \b or (?...): they would silently match something else. */
function outputFindings(check: Check): Finding[] {
  if (check.output === undefined) return [];
  const path = [...check.path, "output"];
  const perl = /\\[dDwWsSbB]|\(\?/.exec(check.output);
  if (perl) return [error(path, `"${perl[0]}" is not in grep -E's extended regular expressions`, "write [0-9] for \\d, [[:alnum:]_] for \\w, [[:space:]] for \\s")];
  try {
    new RegExp(check.output);
    return [];
  } catch (e) {
    return [error(path, `not a regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`)];
  }
}

function knownProblemFindings(inventory: Inventory, graph: ServiceGraph): Finding[] {
  return inventory.knownProblems.flatMap((k) => k.services.flatMap((s, i) => unknownService(graph, s, [...k.path, "services", i])));
}
