// Unit and file names, in one place. Quadlet turns `x.container` into `x.service`, and other
// units must name the service: Quadlet 5.4 passes `Requires=x.container` through unchanged and
// systemd rejects it (only 5.5+ translates; REFERENCE §2).
import type { Service, Stage } from "../inventory/model.js";

export const containerFileName = (service: Service): string => `${service.name}.container`;
export const serviceUnitName = (serviceName: string): string => `${serviceName}.service`;
export const stageTargetName = (stage: Stage): string => `${stage.name}.target`;
