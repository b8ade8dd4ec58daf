// Where a broken YAML construct was opened. yaml reports an unclosed quote or flow collection
// where it gave up (often the end of the file); the user needs the line that opened it. A light
// scan (YAML 1.2 §7.3 quoted scalars, §7.4 flow collections, §6.6 comments) from the start of the
// text to the error finds the opener still unclosed there. Pure, linear in the text.

export type OpenerKind = 'quote' | 'flow-map' | 'flow-seq';

/** Byte offset of the innermost unclosed opener of `kind` before `end`, if any. */
export function unclosedOpener(text: string, end: number, kind: OpenerKind): number | undefined {
  const stack: { ch: string; at: number }[] = [];
  let quote: { ch: string; at: number } | undefined;
  let lineStart = true;
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const c = text[i]!;
    if (quote) {
      if (quote.ch === '"' && c === '\\') i++;
      else if (quote.ch === "'" && c === "'" && text[i + 1] === "'") i++;
      else if (c === quote.ch) quote = undefined;
      continue;
    }
    if (c === '#' && (lineStart || /\s/.test(text[i - 1] ?? ' '))) {
      while (i < end && text[i] !== '\n') i++;
      lineStart = true;
      continue;
    }
    if (c === '"' || c === "'") {
      // a quote opens a scalar only where a scalar can start, not inside a plain word (it's)
      if (/[\s,[{:-]/.test(text[i - 1] ?? ' ') || i === 0) quote = { ch: c, at: i };
    } else if (c === '{' || c === '[') stack.push({ ch: c, at: i });
    else if ((c === '}' || c === ']') && stack.length) stack.pop();
    lineStart = c === '\n' || (lineStart && (c === ' ' || c === '\t'));
  }
  if (kind === 'quote') return quote?.at;
  const want = kind === 'flow-map' ? '{' : '[';
  for (let j = stack.length - 1; j >= 0; j--) if (stack[j]!.ch === want) return stack[j]!.at;
  return undefined;
}

/** Which opener a yaml error message is about, if it is about one. */
export function openerKindOf(message: string): OpenerKind | undefined {
  if (/closing ["']?quote|Missing closing "quote|Missing closing 'quote/i.test(message)) return 'quote';
  if (/^Flow map\b|flow mapping/i.test(message)) return 'flow-map';
  if (/^Flow sequence\b|flow sequence/i.test(message)) return 'flow-seq';
  return undefined;
}
