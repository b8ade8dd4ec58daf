export * from './codecs.js';
export * from './struct.js';
export * from './checksum.js';
export * from './read-at.js';
export * from './extent.js';
export * from './concat.js';
