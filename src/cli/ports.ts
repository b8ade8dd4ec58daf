// The one place the CLI wires the real adapters (io/) into the application layer's ports.
import type { Ports } from '../app/ports.js';
import { nodePorts } from '../io/node-ports.js';

let made: Ports | undefined;
export const ports = (): Ports => (made ??= nodePorts());
