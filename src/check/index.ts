// Every rule that needs the resolved inventory and its boot graph, collected in one pass.
import type { Inventory } from "../inventory/model.js";
import type { ServiceGraph } from "../graph/graph.js";
import type { Finding } from "../report/finding.js";
import { checkPorts } from "./ports.js";
import { checkImages } from "./images.js";
import { checkValues } from "./values.js";
import { checkServices } from "./services.js";
import { checkBoot } from "./boot.js";
import { checkChecks } from "./checks.js";

export function checkInventory(inventory: Inventory, graph: ServiceGraph): Finding[] {
  return [
    ...checkPorts(inventory),
    ...checkImages(inventory, graph),
    ...inventory.services.flatMap(checkValues),
    ...checkServices(inventory),
    ...checkBoot(inventory),
    ...checkChecks(inventory, graph),
  ];
}
