// Component values of the wast scripts ((u32.const 1), (record.const (field "a" u32.const 1)), ...)
// converted to the text of the component script protocol
// (runtime-lib/include/w2n/component_script_protocol.md), and the comparison of a result text with
// an expected one (NaN matches any NaN, everything else token for token).
import { stringBytes } from './wast.mjs';

const INT_BITS = { u8: 8, u16: 16, u32: 32, u64: 64, s8: 8, s16: 16, s32: 32, s64: 64 };

function intText(kind, lit) {
  const bits = BigInt(INT_BITS[kind]);
  let s = lit.replace(/_/g, '');
  let neg = false;
  if (s[0] === '-' || s[0] === '+') { neg = s[0] === '-'; s = s.slice(1); }
  let v = BigInt(s); // handles 0x...
  if (neg) v = -v;
  const mod = 1n << bits;
  if (kind[0] === 'u') {
    if (v < 0n) v += mod;
    if (v < 0n || v >= mod) throw new Error(`${kind} out of range: ${lit}`);
  } else {
    if (v >= mod / 2n && v < mod) v -= mod; // hex written as unsigned bits
    if (v < -(mod / 2n) || v >= mod / 2n) throw new Error(`${kind} out of range: ${lit}`);
  }
  return v.toString();
}

// Hex float literal (0x1.8p3) as a JS number (exact enough for f64 inputs of the suites).
function hexFloat(s) {
  const m = s.match(/^0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i);
  if (!m) throw new Error(`bad float ${s}`);
  const digits = (m[1] || '') + (m[2] || '');
  let v = 0;
  for (const d of digits) v = v * 16 + parseInt(d, 16);
  return v * 2 ** (Number(m[3] || 0) - 4 * (m[2] || '').length);
}

// The bit pattern of a float literal; 'nan' for an unspecified NaN when `expected`.
function floatText(kind, lit, expected) {
  const is32 = kind === 'f32';
  let s = lit.replace(/_/g, '');
  let neg = false;
  if (s[0] === '-' || s[0] === '+') { neg = s[0] === '-'; s = s.slice(1); }
  const hex = (v, n) => v.toString(16).padStart(n, '0');
  if (s.startsWith('nan')) {
    if (expected && !s.startsWith('nan:0x')) return `${kind}:nan`;
    const payload = s.startsWith('nan:0x') ? BigInt(s.slice(4)) : (is32 ? 0x400000n : 0x8000000000000n);
    if (is32) return `f32:${hex(((neg ? 1n : 0n) << 31n) | (0xffn << 23n) | payload, 8)}`;
    return `f64:${hex(((neg ? 1n : 0n) << 63n) | (0x7ffn << 52n) | payload, 16)}`;
  }
  let v = s === 'inf' ? Infinity : s.startsWith('0x') ? hexFloat(s) : Number(s);
  if (Number.isNaN(v)) throw new Error(`bad float ${lit}`);
  if (neg) v = -v;
  const buf = Buffer.alloc(8);
  if (is32) { buf.writeFloatBE(v); return `f32:${buf.toString('hex', 0, 4)}`; }
  buf.writeDoubleBE(v);
  return `f64:${buf.toString('hex')}`;
}

export function quoteBytes(bytes) {
  let out = '"';
  for (const b of bytes) {
    if (b > 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) out += String.fromCharCode(b);
    else out += '\\' + b.toString(16).padStart(2, '0');
  }
  return out + '"';
}

const str = (item) => {
  if (!item || !item.string) throw new Error('expected a string');
  return stringBytes(item.string).toString('utf8');
};

// items: [keyword atom, operands...] (the contents of a value form, or a bare form after a field
// name). Returns the protocol text.
function formText(items, expected) {
  const kw = items[0] && items[0].atom;
  if (!kw) throw new Error('expected a value');
  const ops = items.slice(1);
  const sub = (node) => {
    if (!node || !node.items) throw new Error(`${kw}: expected a parenthesized value`);
    return formText(node.items, expected);
  };
  const [type, op] = kw.split('.');
  if (type === 'bool' && op === 'const') {
    if (ops[0].atom !== 'true' && ops[0].atom !== 'false') throw new Error('bad bool');
    return ops[0].atom;
  }
  if (INT_BITS[type] && op === 'const') return intText(type, ops[0].atom);
  if ((type === 'f32' || type === 'f64') && op === 'const') return floatText(type, ops[0].atom, expected);
  if (type === 'char' && op === 'const') {
    const cps = [...str(ops[0])];
    if (cps.length !== 1) throw new Error('char.const needs one character');
    return `char:${cps[0].codePointAt(0).toString(16)}`;
  }
  if ((type === 'str' || type === 'string') && op === 'const') return quoteBytes(stringBytes(ops[0].string));
  if (type === 'list' && op === 'const') return ['[', ...ops.map(sub), ']'].join(' ');
  if (type === 'tuple' && op === 'const') return ['(', ...ops.map(sub), ')'].join(' ');
  if (type === 'record' && op === 'const') {
    const parts = ['{'];
    for (const f of ops) {
      if (!f.items || f.items[0].atom !== 'field') throw new Error('record.const: expected (field "name" value)');
      const rest = f.items.slice(2);
      parts.push(str(f.items[1]), rest.length === 1 && rest[0].items ? sub(rest[0]) : formText(rest, expected));
    }
    parts.push('}');
    return parts.join(' ');
  }
  if (type === 'variant' && op === 'const') return [str(ops[0]), ...ops.slice(1).map(sub)].join(' ');
  if (type === 'enum' && op === 'const') return str(ops[0]);
  if (type === 'option' && op === 'none') return 'none';
  if (type === 'option' && op === 'some') return ['some', ...ops.map(sub)].join(' ');
  if (type === 'result' && (op === 'ok' || op === 'err')) return [op, ...ops.map(sub)].join(' ');
  if (type === 'flags' && op === 'const') return ['<', ...ops.map(str), '>'].join(' ');
  throw new Error(`unsupported value ${kw}`);
}

// A parenthesized value node as protocol text; `expected` lets `nan` match any NaN.
export function valueText(node, expected = false) {
  if (!node || !node.items) throw new Error('expected a parenthesized value');
  return formText(node.items, expected);
}

// The hex-encoded name of the protocol.
export const hexName = (name) => (name.length ? Buffer.from(name, 'utf8').toString('hex') : '-');

const isNanBits = (tok) => {
  const m = tok.match(/^(f32|f64):([0-9a-f]+)$/);
  if (!m) return false;
  const v = BigInt('0x' + m[2]);
  return m[1] === 'f32' ? (v & 0x7f800000n) === 0x7f800000n && (v & 0x7fffffn) !== 0n
    : (v & 0x7ff0000000000000n) === 0x7ff0000000000000n && (v & 0xfffffffffffffn) !== 0n;
};

// Does the result text `actual` match `expected` (both protocol texts, '' for no result)?
export function valuesMatch(expected, actual) {
  const e = expected.split(' ').filter(Boolean);
  const a = actual.split(' ').filter(Boolean);
  if (e.length !== a.length) return false;
  for (let k = 0; k < e.length; k++) {
    if (e[k] === a[k]) continue;
    if ((e[k] === 'f32:nan' || e[k] === 'f64:nan') && a[k].startsWith(e[k].slice(0, 4)) && isNanBits(a[k])) continue;
    return false;
  }
  return true;
}
