// A small reader of GRUB script words (GRUB manual §6.3 quoting rules), independent of
// src/targets/grub/escape.ts, used to check that generated configs say what was meant.
// `${var}` is kept as written; `{` and `}` come back as words of their own line.

export interface GrubCommand {
  readonly words: readonly string[];
  /** 1-based line where the command starts */
  readonly line: number;
}

function readDouble(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\' && i + 1 < text.length && '"\\$\n'.includes(text[i + 1]!)) {
      if (text[i + 1] !== '\n') value += text[i + 1];
      i++;
    } else value += c;
  }
  throw new Error('unterminated double quote');
}

export function grubCommands(text: string): GrubCommand[] {
  const commands: GrubCommand[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let line = 1;
  let startLine = 1;
  const flushWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const flushCommand = (): void => {
    flushWord();
    if (words.length > 0) commands.push({ words, line: startLine });
    words = [];
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (!inWord && words.length === 0) startLine = line;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote at line ${line}`);
      word += text.slice(i + 1, end);
      line += text.slice(i + 1, end).split('\n').length - 1;
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const r = readDouble(text, i + 1);
      line += text.slice(i, r.end).split('\n').length - 1;
      word += r.value;
      inWord = true;
      i = r.end;
    } else if (c === '\\') {
      if (text[i + 1] === '\n') line++;
      else word += text[i + 1] ?? '';
      inWord = inWord || text[i + 1] !== '\n';
      i += 2;
    } else if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '\n' || c === ';') {
      flushCommand();
      if (c === '\n') line++;
      i++;
    } else if (c === ' ' || c === '\t') {
      flushWord();
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  flushCommand();
  return commands;
}
