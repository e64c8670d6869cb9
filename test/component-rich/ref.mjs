// The reference for the rich world: the component transpiled by jco, called from node with the
// calls in WAVE (one per line, `VAR = NAME(ARGS)` or `NAME(ARGS)`, as the WAVE executable takes
// them), each result printed in WAVE as wasm-tools' wasm-wave writer prints it
// (crates/wasm-wave/src/writer.rs). The types come from rich.wit, read by the small WIT reader
// below; values cross to jco in its JS mapping:
//   u64/s64 BigInt, other numbers Number, char and string JS strings, list<u8>/<s16>/... typed
//   arrays, records objects with camelCase fields (option fields undefined when none), tuples
//   arrays, option<T> T|undefined (an option of an option is {tag:'none'}|{tag:'some', val}),
//   result and variant {tag, val}, enum its case name, flags an object of booleans, a
//   resource an instance of its class. A `result` returned by a function comes back as its ok
//   payload, or as a thrown ComponentError whose .payload is the err payload.
// Handles print as #N, N counting the resources in the order they first appear: the guests give
// their accumulators the reps 1, 2, 3, ... in order of creation, and every creating call's
// result is printed, so this is the rep the WAVE executable and the C host print.
// Usage: node ref.mjs WIT TRANSPILED-JS < calls   (one output line per call)
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [witFile, jsFile] = process.argv.slice(2);

// ---- WIT (the subset rich.wit uses) ----
function readWit(src) {
  const word = /->|[A-Za-z0-9_%-]+(?:[:/@.][A-Za-z0-9_.-]+)*|[{}()<>,:;=_]/g;
  const toks = src.replace(/\/\/[^\n]*/g, '').match(word);
  let i = 0;
  const peek = () => toks[i], next = () => toks[i++];
  const eat = (t) => {
    if (toks[i] !== t) throw new Error(`WIT: expected ${t} at ${toks[i]}`);
    i++;
  };
  const name = () => next().replace(/^%/, '');
  const types = {}, funcs = {}, resources = {};
  function type() {
    const n = name();
    if (['list', 'option', 'tuple', 'result', 'own', 'borrow'].includes(n) && peek() === '<') {
      eat('<');
      const args = [];
      while (peek() !== '>') {
        args.push(peek() === '_' ? (next(), null) : type());
        if (peek() === ',') next();
      }
      eat('>');
      if (n === 'list') return { k: 'list', t: args[0] };
      if (n === 'option') return { k: 'option', t: args[0] };
      if (n === 'tuple') return { k: 'tuple', ts: args };
      if (n === 'result') return { k: 'result', ok: args[0] ?? null, err: args[1] ?? null };
      return { k: n, r: args[0].name ?? args[0] };
    }
    if (n === 'result') return { k: 'result', ok: null, err: null };
    return { k: 'ref', name: n };
  }
  function func(qual) {
    eat('func');
    eat('(');
    const params = [];
    while (peek() !== ')') {
      const p = name();
      eat(':');
      params.push([p, type()]);
      if (peek() === ',') next();
    }
    eat(')');
    let result = null;
    if (peek() === '->') { next(); result = type(); }
    eat(';');
    return { params, result, ...qual };
  }
  function body(into) {
    eat('{');
    while (peek() !== '}') {
      const kw = next();
      if (kw === 'record' || kw === 'variant' || kw === 'enum' || kw === 'flags') {
        const n = name();
        eat('{');
        const items = [];
        while (peek() !== '}') {
          const label = name();
          let t = null;
          if (kw === 'record') { eat(':'); t = type(); }
          if (kw === 'variant' && peek() === '(') { eat('('); t = type(); eat(')'); }
          items.push([label, t]);
          if (peek() === ',') next();
        }
        eat('}');
        types[n] = kw === 'record' ? { k: 'record', fields: items }
          : kw === 'variant' ? { k: 'variant', cases: items }
          : { k: kw, labels: items.map((x) => x[0]) };
      } else if (kw === 'resource') {
        const r = name();
        resources[r] = true;
        types[r] = { k: 'resource', name: r };
        eat('{');
        while (peek() !== '}') {
          const f = name();
          if (f === 'constructor') {
            i--;
            toks[i] = 'func';
            const fn = func({ kind: 'constructor', resource: r });
            fn.result = { k: 'own', r };
            into[`${r}.new`] = fn;
          } else {
            eat(':');
            const isStatic = peek() === 'static';
            if (isStatic) next();
            const fn = func({ kind: isStatic ? 'static' : 'method', resource: r, fname: f });
            if (!isStatic) fn.params.unshift(['self', { k: 'borrow', r }]);
            into[`${r}.${f}`] = fn;
          }
        }
        eat('}');
      } else if (kw === 'export') {
        const n = name();
        if (peek() === ':') { next(); into[n] = func({ kind: 'root', fname: n }); }
        else eat(';');
      } else if (kw === 'use' || kw === 'import') {
        while (next() !== ';');
      } else {
        const f = kw.replace(/^%/, '');
        eat(':');
        into[f] = func({ kind: 'iface', fname: f });
      }
    }
    eat('}');
  }
  while (i < toks.length) {
    const kw = next();
    if (kw === 'package') { while (next() !== ';'); }
    else if (kw === 'interface') { name(); body(funcs); }
    else if (kw === 'world') { name(); body(funcs); }
    else throw new Error(`WIT: unexpected ${kw}`);
  }
  const resolve = (t) => {
    if (!t) return t;
    switch (t.k) {
      case 'ref': return types[t.name] ? resolve(types[t.name]) : { k: t.name }; // or a scalar
      case 'resource': return { k: 'own', r: t.name }; // a resource named alone is an own handle
      case 'list': case 'option': return { ...t, t: resolve(t.t) };
      case 'tuple': return { k: 'tuple', ts: t.ts.map(resolve) };
      case 'result': return { k: 'result', ok: resolve(t.ok), err: resolve(t.err) };
      case 'record': case 'variant': { // resolved in place, once
        const key = t.k === 'record' ? 'fields' : 'cases';
        if (!t.done) t[key] = t[key].map(([n, m]) => [n, resolve(m)]);
        t.done = true;
        return t;
      }
      default: return t;
    }
  };
  for (const f of Object.values(funcs)) {
    f.params = f.params.map(([n, t]) => [n, resolve(t)]);
    f.result = resolve(f.result);
  }
  return funcs;
}

// ---- WAVE text to jco's JS values ----
const camel = (s) => s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const upperCamel = (s) => camel(s).replace(/^./, (c) => c.toUpperCase());
const typedArrays = { u8: Uint8Array, s8: Int8Array, u16: Uint16Array, s16: Int16Array,
  u32: Uint32Array, s32: Int32Array, u64: BigUint64Array, s64: BigInt64Array,
  f32: Float32Array, f64: Float64Array };

class Parser {
  constructor(text, vars) { this.s = text; this.p = 0; this.vars = vars; }
  ws() {
    for (;;) {
      while (/\s/.test(this.s[this.p] ?? '')) this.p++;
      if (!this.s.startsWith('//', this.p)) return;
      while (this.p < this.s.length && this.s[this.p] !== '\n') this.p++;
    }
  }
  fail(what) {
    throw new Error(`expected ${what} at ${JSON.stringify(this.s.slice(this.p, this.p + 20))}`);
  }
  eat(c) {
    this.ws();
    if (!this.s.startsWith(c, this.p)) return false;
    this.p += c.length;
    return true;
  }
  want(c) { if (!this.eat(c)) this.fail(`'${c}'`); }
  label() {
    this.ws();
    const m = /^%?([a-z][a-z0-9]*(?:-[a-z0-9]+)*)/.exec(this.s.slice(this.p));
    if (!m) this.fail('a label');
    this.p += m[0].length;
    return m[1];
  }
  escaped(quote) {
    const c = String.fromCodePoint(this.s.codePointAt(this.p));
    this.p += c.length;
    if (c !== '\\') return c === quote ? null : c;
    const e = this.s[this.p++];
    if (e === 'u') {
      const m = /^\{([0-9a-fA-F]+)\}/.exec(this.s.slice(this.p));
      this.p += m[0].length;
      return String.fromCodePoint(parseInt(m[1], 16));
    }
    return { n: '\n', t: '\t', r: '\r' }[e] ?? e;
  }
  number(t) {
    this.ws();
    const number = /^(-?inf|nan|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)/;
    const m = number.exec(this.s.slice(this.p));
    if (!m) this.fail('a number');
    this.p += m[0].length;
    const text = m[0];
    if (t === 'u64' || t === 's64') return BigInt(text);
    const v = { nan: NaN, inf: Infinity, '-inf': -Infinity }[text] ?? Number(text);
    return t === 'f32' ? Math.fround(v) : v;
  }
  value(t) {
    this.ws();
    switch (t.k) {
      case 'bool': if (this.eat('true')) return true; this.want('false'); return false;
      case 'char': { this.want("'"); const c = this.escaped("'"); this.want("'"); return c; }
      case 'string': {
        this.want('"');
        let out = '';
        for (let c; (c = this.escaped('"')) !== null;) out += c;
        return out;
      }
      case 'list': {
        this.want('[');
        const xs = [];
        while (!this.eat(']')) { xs.push(this.value(t.t)); this.eat(','); }
        const A = typedArrays[t.t.k];
        return A ? new A(xs) : xs;
      }
      case 'tuple': {
        this.want('(');
        const xs = t.ts.map((m, i) => { if (i) this.want(','); return this.value(m); });
        this.eat(',');
        this.want(')');
        return xs;
      }
      case 'record': {
        this.want('{');
        const o = {};
        if (!this.eat(':')) {
          while (!this.eat('}')) {
            const f = this.label();
            this.want(':');
            o[camel(f)] = this.value(t.fields.find(([n]) => n === f)[1]);
            this.eat(',');
          }
          return o;
        }
        this.want('}');
        return o;
      }
      case 'flags': {
        this.want('{');
        const o = {};
        for (const l of t.labels) o[camel(l)] = false;
        while (!this.eat('}')) { o[camel(this.label())] = true; this.eat(','); }
        return o;
      }
      case 'enum': return this.label();
      case 'variant': {
        const tag = this.label();
        const c = t.cases.find(([n]) => n === tag);
        if (!c) this.fail(`a case of the variant, not ${tag}`);
        if (!c[1]) return { tag };
        this.want('(');
        const val = this.value(c[1]);
        this.want(')');
        return { tag, val };
      }
      case 'option': {
        const nested = t.t.k === 'option';
        if (this.eat('none')) return nested ? { tag: 'none' } : undefined;
        this.want('some(');
        const val = this.value(t.t);
        this.want(')');
        return nested ? { tag: 'some', val } : val;
      }
      case 'result': {
        const tag = this.eat('ok') ? 'ok' : (this.want('err'), 'err');
        const pt = tag === 'ok' ? t.ok : t.err;
        let val;
        if (pt) { this.want('('); val = this.value(pt); this.want(')'); }
        return { tag, val };
      }
      case 'own': case 'borrow': {
        if (this.eat('#')) { // #N: the handle printed as #N
          const m = /^[0-9]+/.exec(this.s.slice(this.p));
          this.p += m[0].length;
          for (const [obj, n] of handles) if (n === Number(m[0])) return obj;
          this.fail(`a handle printed before, not #${m[0]}`);
        }
        const v = this.label();
        if (!this.vars.has(v)) this.fail(`a variable holding a handle, not ${v}`);
        return this.vars.get(v);
      }
      default: return this.number(t.k);
    }
  }
}

// ---- jco's JS values to WAVE, as wasm-wave writes them ----
const nonPrintable = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;
function waveChar(c) {
  const hex = () => `\\u{${c.codePointAt(0).toString(16)}}`;
  const simple = { '\\': '\\\\', '"': '\\"', "'": "\\'", '\t': '\\t', '\r': '\\r', '\n': '\\n' };
  if (simple[c]) return simple[c];
  if (/^\p{Cc}$/u.test(c)) return hex(); // is_control: escape_unicode
  // escape_debug: grapheme extenders and what Rust's is_printable refuses (the categories
  // Cc Cf Cs Co Cn Zl Zp Zs, except the space) as \u{...}
  if (/^\p{Grapheme_Extend}$/u.test(c) || (c !== ' ' && nonPrintable.test(c))) return hex();
  return c;
}
const waveString = (s) => '"' + [...s].map(waveChar).join('') + '"';

// Rust's Display for floats: the shortest digits that read back, never an exponent.
function plain(s) {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', exp] = m;
  const digits = lead + frac, e = Number(exp);
  if (e >= 0) return sign + digits + '0'.repeat(Math.max(0, e - frac.length)) +
    (e < frac.length ? '.' + frac.slice(e) : '');
  return sign + '0.' + '0'.repeat(-e - 1) + digits;
}
function waveFloat(x, single) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  if (!single) return plain(String(x));
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return plain(String(Number(s)));
  }
  return plain(String(x));
}

// A case label; those spelled like keywords get a %.
const keywords = ['true', 'false', 'some', 'none', 'ok', 'err', 'inf', 'nan'];
const label = (l) => (keywords.includes(l) ? '%' + l : l);

const handles = new Map();
function wave(t, v) {
  switch (t.k) {
    case 'bool': return v ? 'true' : 'false';
    case 'f32': case 'f64': return waveFloat(v, t.k === 'f32');
    case 'char': return "'" + waveChar(v) + "'";
    case 'string': return waveString(v);
    case 'list': return '[' + [...v].map((x) => wave(t.t, x)).join(', ') + ']';
    case 'tuple': return '(' + t.ts.map((m, i) => wave(m, v[i])).join(', ') + ')';
    case 'record': {
      const parts = t.fields.filter(([n, f]) => f.k !== 'option' || v[camel(n)] !== undefined)
        .map(([n, f]) => `${n}: ${wave(f, v[camel(n)])}`);
      return '{' + (parts.length ? parts.join(', ') : ':') + '}';
    }
    case 'flags': return '{' + t.labels.filter((l) => v[camel(l)]).join(', ') + '}';
    case 'enum': return label(v);
    case 'variant': {
      const c = t.cases.find(([n]) => n === v.tag);
      return c[1] ? `${label(v.tag)}(${wave(c[1], v.val)})` : label(v.tag);
    }
    case 'option':
      if (t.t.k === 'option') return v.tag === 'none' ? 'none' : `some(${wave(t.t, v.val)})`;
      return v === undefined ? 'none' : `some(${wave(t.t, v)})`;
    case 'result': {
      const pt = v.tag === 'ok' ? t.ok : t.err;
      return pt ? `${v.tag}(${wave(pt, v.val)})` : v.tag;
    }
    case 'own': case 'borrow':
      if (!handles.has(v)) handles.set(v, handles.size + 1);
      return `#${handles.get(v)}`;
    default: return String(v);
  }
}

// ---- The calls ----
const funcs = readWit(fs.readFileSync(witFile, 'utf8'));
const mod = await import(pathToFileURL(jsFile).href);
const vars = new Map();
for (const line of fs.readFileSync(0, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const m = /^\s*(?:([a-z][a-z0-9-]*)\s*=\s*)?([a-z][a-z0-9.-]*)\(/.exec(line);
  if (!m) throw new Error(`not a call: ${line}`);
  const [, variable, fullName] = m;
  const fname = fullName.replace(/^api\./, '');
  const f = funcs[fname];
  if (!f) throw new Error(`no function ${fname}`);
  const ps = new Parser(line, vars);
  ps.p = m[0].length;
  const args = f.params.map(([, t], i) => { if (i) ps.want(','); return ps.value(t); });
  ps.want(')');
  const iface = mod.api;
  let call;
  if (f.kind === 'root') call = () => mod[camel(f.fname)](...args);
  else if (f.kind === 'iface') call = () => iface[camel(f.fname)](...args);
  else if (f.kind === 'constructor') call = () => new iface[upperCamel(f.resource)](...args);
  else if (f.kind === 'static') call = () => iface[upperCamel(f.resource)][camel(f.fname)](...args);
  else call = () => args[0][camel(f.fname)](...args.slice(1));
  let out;
  if (f.result && f.result.k === 'result') {
    let r;
    try { r = { tag: 'ok', val: call() }; } catch (e) {
      if (!('payload' in e)) throw e;
      r = { tag: 'err', val: e.payload };
    }
    out = wave(f.result, r);
    if (variable) vars.set(variable, r);
  } else {
    const r = call();
    out = f.result ? wave(f.result, r) : '()';
    if (variable) vars.set(variable, r);
  }
  console.log(out);
}
