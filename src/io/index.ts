// io/: the only module that touches the file system.
export { readManifest, MAX_MANIFEST_BYTES, type ManifestBytes } from './read-manifest.js';
export { loadTemplates, BUILTIN_TEMPLATES_DIR } from './load-templates.js';
export { openOutDir, OUT_DIR_MARKER, type OutDirWriter, type FileOptions } from './out-dir-writer.js';
export { emitArtifacts, type WrittenArtifact, type Progress } from './emit.js';
export { writeNewFiles } from './write-new-files.js';
