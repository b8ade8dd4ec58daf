// Maps a YAML path (['entries', 3, 'disk']) back to `file:line:col`. A path that does not exist in
// the document (a missing key) resolves to its nearest existing ancestor, so every diagnostic has
// a location.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { InternalError } from '../diagnostics/errors.js';
import type { Origin } from '../diagnostics/diagnostic.js';

export type YamlPath = readonly (string | number)[];

/** What model/ and the rules need to point at the manifest. */
export interface Locator {
  /** the value at `path`, else its nearest existing ancestor */
  origin(path: YamlPath): Origin;
  /** the key of the mapping entry at `path` (for unknown keys), else as origin() */
  keyOrigin(path: YamlPath): Origin;
}

interface Found {
  readonly offset: number;
  readonly keyOffset: number;
}

/** The parsed document a SourceMap reads positions from. */
export interface ParsedYaml {
  readonly doc: Document;
  readonly lines: LineCounter;
}

/**
 * Positions are read from a `yaml` Document, which costs about a second per MiB of manifest. A
 * manifest that loaded cleanly through the fast path gets its Document only when a location is
 * actually read (a diagnostic printed), and every Origin resolves its line and column on first use.
 */
export class SourceMap implements Locator {
  private parsed: ParsedYaml | undefined;
  private readonly reparse: (() => ParsedYaml) | undefined;

  constructor(
    private readonly file: string,
    source: ParsedYaml | { readonly text: string },
  ) {
    if ('doc' in source) this.parsed = source;
    else this.reparse = () => parseYaml(source.text);
  }

  origin(path: YamlPath): Origin {
    return this.at(path, () => this.find(path).offset);
  }

  keyOrigin(path: YamlPath): Origin {
    return this.at(path, () => this.find(path).keyOffset);
  }

  /** An origin for a byte offset in the text (YAML syntax errors). */
  offsetOrigin(offset: number, path: YamlPath = []): Origin {
    return this.at(path, () => offset);
  }

  private get yaml(): ParsedYaml {
    this.parsed ??= this.reparse?.();
    if (!this.parsed) throw new InternalError('SourceMap has neither a document nor text');
    return this.parsed;
  }

  private at(path: YamlPath, offset: () => number): Origin {
    let pos: { line: number; col: number } | undefined;
    const resolve = (): { line: number; col: number } => (pos ??= this.yaml.lines.linePos(offset()));
    return {
      file: this.file,
      path: [...path],
      get line(): number {
        return resolve().line;
      },
      get col(): number {
        return resolve().col;
      },
    };
  }

  private find(path: YamlPath): Found {
    let node: unknown = this.yaml.doc.contents;
    let found: Found = { offset: startOf(node) ?? 0, keyOffset: startOf(node) ?? 0 };
    for (const seg of path) {
      if (isMap(node)) {
        const pair = (node.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const keyOffset = startOf(pair.key) ?? found.offset;
        node = pair.value;
        found = { offset: startOf(node) ?? keyOffset, keyOffset };
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) break;
        node = item;
        const offset = startOf(item) ?? found.offset;
        found = { offset, keyOffset: offset };
      } else {
        break;
      }
    }
    return found;
  }
}

function startOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** The careful parse: every node keeps its source range; duplicate keys are errors. */
export function parseYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false }), lines };
}
