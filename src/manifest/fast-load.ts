// The fast path for large manifests: js-yaml with the YAML 1.2 core schema (the schema the `yaml`
// package uses by default) parses ~15× faster but keeps no positions. It is taken only for plain
// documents; anything unusual goes down the careful path, which reports it with exact codes.
import jsyaml from 'js-yaml';

// An anchor or alias token (`&a`, `*a`) after a separator. Text like "Rock & Roll" does not match;
// a false match only costs the careful path.
const ANCHOR_OR_ALIAS = /(^|[\s[{,:-])[&*][^\s,\]}]/m;

/** The document as plain data, or undefined when the careful path must decide. */
export function fastLoad(text: string): { readonly value: unknown } | undefined {
  // Aliases share nodes: a "billion laughs" document would pass here and explode in validation.
  if (ANCHOR_OR_ALIAS.test(text)) return undefined;
  try {
    // Throws on syntax errors, duplicate keys, unknown tags and several documents: all reported,
    // with the careful parser's positions and codes, by the caller's fallback.
    return { value: jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }) };
  } catch {
    return undefined;
  }
}
