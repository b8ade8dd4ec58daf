// manifest/: site.yaml text → written manifest + source map (parse, schema, locations).
export { loadManifest, MAX_ALIAS_COUNT, type LoadedManifest } from './load-manifest.js';
export { decodeManifestText } from './decode-text.js';
export { siteJsonSchema, SCHEMA_ID } from './json-schema.js';
export { SourceMap, type Locator, type YamlPath } from './source-map.js';
export type { WrittenSite, WrittenEntry, WrittenImage, WrittenMachine, WrittenSnapshotEntry } from './schema.js';
