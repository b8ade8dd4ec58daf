// model/: the written manifest → the canonical Site, and the rules it must satisfy.
export { pathOrigin, resolveSite, type ResolveContext } from './resolve-site.js';
export { checkSite, rules, type Rule, type RuleInput } from './rules/index.js';
export { escapes, PATH_ESCAPE, pathKeys, type PathKey, type PathKeyKind } from './rules/path-escape.js';
export { canonicalMac } from './mac.js';
export { parseSize } from './size.js';
export type * from './types.js';
