// io/: the only module that touches the file system or runs processes. It implements the ports
// of the application layer (app/ports.ts) and decides nothing.
export { nodePorts } from './node-ports.js';
export { MAX_MANIFEST_BYTES } from './read-manifest.js';
export { BUILTIN_TEMPLATES_DIR } from './load-templates.js';
export { OUT_DIR_MARKER } from './out-dir-writer.js';
