// Splits a .wast script into its top-level commands (s-expressions) without interpreting them:
// each command keeps its head keyword, its source text, its line and its sub-forms, so the
// runner can hand module/component texts to `jco parse` unchanged.

// Returns [{ head, text, line, children: [{ head, text, start, end }], strings: [...] }].
export function splitWast(src) {
  const commands = [];
  let i = 0;
  let line = 1;
  const n = src.length;

  function skipSpaceAndComments() {
    while (i < n) {
      const c = src[i];
      if (c === '\n') { line++; i++; continue; }
      if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
      if (c === ';' && src[i + 1] === ';') {
        while (i < n && src[i] !== '\n') i++;
        continue;
      }
      if (c === '(' && src[i + 1] === ';') {
        let depth = 0;
        while (i < n) {
          if (src[i] === '(' && src[i + 1] === ';') { depth++; i += 2; continue; }
          if (src[i] === ';' && src[i + 1] === ')') { depth--; i += 2; if (depth === 0) break; continue; }
          if (src[i] === '\n') line++;
          i++;
        }
        continue;
      }
      break;
    }
  }

  // Parses one s-expression starting at '(' and returns its node.
  function parseList() {
    const start = i;
    const startLine = line;
    i++; // '('
    const node = { start, line: startLine, items: [] };
    for (;;) {
      skipSpaceAndComments();
      if (i >= n) throw new Error(`unterminated s-expression starting at line ${startLine}`);
      const c = src[i];
      if (c === ')') { i++; break; }
      if (c === '(') { node.items.push(parseList()); continue; }
      if (c === '"') {
        const s = i;
        i++;
        while (i < n && src[i] !== '"') {
          if (src[i] === '\\') i++;
          if (src[i] === '\n') line++;
          i++;
        }
        i++;
        node.items.push({ string: src.slice(s, i) });
        continue;
      }
      const s = i;
      while (i < n && !/[\s()";]/.test(src[i])) i++;
      node.items.push({ atom: src.slice(s, i) });
    }
    node.end = i;
    node.text = src.slice(start, i);
    node.head = node.items.length && node.items[0].atom ? node.items[0].atom : '';
    return node;
  }

  for (;;) {
    skipSpaceAndComments();
    if (i >= n) break;
    if (src[i] !== '(') throw new Error(`unexpected text at line ${line}`);
    commands.push(parseList());
  }
  return commands;
}

// The value of a wast string literal ("..." with \xx, \n, \t, \u{...} escapes) as bytes.
export function stringBytes(lit) {
  const body = lit.slice(1, -1);
  const out = [];
  for (let k = 0; k < body.length; k++) {
    const c = body[k];
    if (c !== '\\') {
      const cp = body.codePointAt(k); // a surrogate pair is one character
      out.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      if (cp > 0xffff) k++;
      continue;
    }
    const d = body[++k];
    if (/[0-9a-fA-F]/.test(d) && /[0-9a-fA-F]/.test(body[k + 1])) {
      out.push(parseInt(body.slice(k, k + 2), 16));
      k++;
    } else if (d === 'n') out.push(10);
    else if (d === 't') out.push(9);
    else if (d === 'r') out.push(13);
    else if (d === '"' || d === "'" || d === '\\') out.push(d.charCodeAt(0));
    else if (d === 'u') {
      const close = body.indexOf('}', k);
      out.push(...Buffer.from(String.fromCodePoint(parseInt(body.slice(k + 2, close), 16)), 'utf8'));
      k = close;
    }
  }
  return Buffer.from(out);
}
