// A reader of iPXE scripts following src/core/exec.c and script.c: lines, `:label` lines,
// whitespace-split tokens, `#` comment tokens, `||` `&&` `;` command separators. Independent of
// src/targets/ipxe/escape.ts; used to check what iPXE would actually execute.

export interface IpxeCommand {
  readonly tokens: readonly string[];
  /** the separator that follows this command on its line, if any */
  readonly then: '||' | '&&' | ';' | undefined;
  readonly line: number;
}

export interface IpxeScript {
  readonly labels: readonly string[];
  /** commands line by line; a line holding `a || b` gives two commands */
  readonly lines: readonly (readonly IpxeCommand[])[];
}

export function parseIpxe(text: string): IpxeScript {
  const labels: string[] = [];
  const lines: IpxeCommand[][] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.startsWith(':')) {
      labels.push(raw.slice(1));
      return;
    }
    const tokens = raw.split(/[ \t\n\v\f\r]+/).filter((t) => t !== '');
    const comment = tokens.findIndex((t) => t.startsWith('#'));
    const live = comment < 0 ? tokens : tokens.slice(0, comment);
    const commands: IpxeCommand[] = [];
    let current: string[] = [];
    for (const t of live) {
      if (t === '||' || t === '&&' || t === ';') {
        commands.push({ tokens: current, then: t, line: i + 1 });
        current = [];
      } else current.push(t);
    }
    if (current.length > 0) commands.push({ tokens: current, then: undefined, line: i + 1 });
    if (commands.length > 0) lines.push(commands);
  });
  return { labels, lines };
}

/** Settings a token would expand (`${name}`), in order. */
export function expansions(token: string): string[] {
  return [...token.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!);
}
