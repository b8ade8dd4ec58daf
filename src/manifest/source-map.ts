// Maps a YAML path (['entries', 3, 'disk']) back to `file:line:col`. A path that does not exist in
// the document (a missing key) resolves to its nearest existing ancestor, so every diagnostic has
// a location.
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
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

export class SourceMap implements Locator {
  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  origin(path: YamlPath): Origin {
    return this.at(path, this.find(path).offset);
  }

  keyOrigin(path: YamlPath): Origin {
    return this.at(path, this.find(path).keyOffset);
  }

  /** An origin for a byte offset in the text (YAML syntax errors). */
  offsetOrigin(offset: number, path: YamlPath = []): Origin {
    return this.at(path, offset);
  }

  private at(path: YamlPath, offset: number): Origin {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col, path: [...path] };
  }

  private find(path: YamlPath): Found {
    let node: unknown = this.doc.contents;
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
