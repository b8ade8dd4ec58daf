// Guards the YAML parser against pathological nesting: 100k nested `[` exhausts the parser's
// memory (observed with yaml 2.9), so flow nesting deeper than any real manifest is refused
// before parsing. Quoted scalars and comments are skipped.
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';

export const MAX_FLOW_DEPTH = 64;

export function checkNesting(text: string, file: string): Diagnostic | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      if (quote === undefined) continue;
    }
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if ((c === '"' || c === "'") && startsToken(text[i - 1])) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) i = skipLine(text, i) - 1;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_FLOW_DEPTH) return tooDeep(file, line, i - lineStart + 1);
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

/** A quote opens a quoted scalar only where a token may start (not inside `Bob's`). */
function startsToken(prev: string | undefined): boolean {
  return prev === undefined || /[\s[{,:-]/.test(prev);
}

function skipLine(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

function tooDeep(file: string, line: number, col: number): Diagnostic {
  return diag('manifest/too-deep', 'error', `the manifest nests flow collections more than ${MAX_FLOW_DEPTH} levels deep`, {
    expected: `at most ${MAX_FLOW_DEPTH} nested [ ] or { }`,
    found: 'deeper nesting',
    origin: { file, line, col },
  });
}
