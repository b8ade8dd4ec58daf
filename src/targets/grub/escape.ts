// GRUB script quoting (GRUB manual §6.3 "Shell-like scripting", lexer grub-core/script/yylex.l).
// Single quotes make everything literal except `'` itself, which is written `'\''` as in sh;
// newlines, `$`, `;`, `{}`, backslashes and non-ASCII bytes stay inert inside them.
import { InternalError } from '../../diagnostics/errors.js';

/** Characters that never need quoting in a GRUB word (paths, devices, key=value). */
const BARE = /^[A-Za-z0-9_.,:/+=@%^()-]+$/;

/** One GRUB word holding exactly `value`. */
export function grubQuote(value: string): string {
  if (BARE.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Splits a kernel command line into words the way Linux reads it (whitespace separates, double
 * quotes group and are dropped). GRUB's `linux` re-joins its arguments with spaces and wraps any
 * argument containing a space in double quotes (grub-core/lib/cmdline.c), so `foo="a b"` reaches
 * the kernel as `"foo=a b"`, which Linux parses as foo = `a b`.
 */
export function splitKernelArgs(args: string): readonly string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  for (const ch of args) {
    if (ch === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && /\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** A piece of a GRUB word: literal text, or a variable GRUB expands at run time (`${root}`). */
export type GrubSegment = string | { readonly variable: string };
/** One GRUB word: literal text, or segments concatenated (`(${root})'/my disk.vhd'`). */
export type GrubWord = string | readonly GrubSegment[];

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function segment(part: GrubSegment): string {
  if (typeof part === 'string') return part === '' ? '' : grubQuote(part);
  if (!VARIABLE.test(part.variable)) throw new InternalError(`bad GRUB variable name ${JSON.stringify(part.variable)}`);
  return `\${${part.variable}}`;
}

/** Template helper `{{grubQuote x}}` for a string or a segmented word. */
export function grubWord(word: unknown): string {
  if (typeof word === 'string') return grubQuote(word);
  if (typeof word === 'number') return String(word);
  if (Array.isArray(word)) {
    const text = (word as GrubSegment[]).map(segment).join('');
    return text === '' ? "''" : text;
  }
  throw new InternalError(`grubQuote given ${typeof word}`);
}

/** Template helper `{{grubWords xs}}`: words quoted and separated by one space. */
export function grubWords(words: unknown): string {
  if (!Array.isArray(words)) throw new InternalError('grubWords needs a list');
  return words.map(grubWord).join(' ');
}
