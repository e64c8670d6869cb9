/* The script protocol's text formats: values as "TYPE:HEX" bit patterns (v128 in memory byte
   order, references as pointer values or "null"), hex-encoded names, and decimal numbers. */
#include "script.h"

static const struct {
  char letter;
  uint8_t valtype;
  const char *name;
  int digits;
} types[] = {
    {'i', 0x7f, "i32", 8},        {'I', 0x7e, "i64", 16},  {'f', 0x7d, "f32", 8},
    {'F', 0x7c, "f64", 16},       {'V', 0x7b, "v128", 32}, {'c', 0x70, "funcref", 16},
    {'e', 0x6f, "externref", 16},
};
#define TYPE_COUNT (sizeof types / sizeof types[0])

char w2n_valtype_letter(uint8_t valtype) {
  for (uint32_t i = 0; i < TYPE_COUNT; i++)
    if (types[i].valtype == valtype) return types[i].letter;
  return 0;
}

static int type_index(char letter) {
  for (uint32_t i = 0; i < TYPE_COUNT; i++)
    if (types[i].letter == letter) return (int)i;
  return -1;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Exactly `digits` (<= 16) hex digits. */
static bool parse_hex(const char *p, uint32_t len, uint32_t digits, uint64_t *out) {
  if (len != digits) return false;
  uint64_t v = 0;
  for (uint32_t i = 0; i < len; i++) {
    int d = hex_digit(p[i]);
    if (d < 0) return false;
    v = v << 4 | (uint64_t)d;
  }
  *out = v;
  return true;
}

bool w2n_parse_value(script_token tok, char letter, w2n_val *out) {
  int t = type_index(letter);
  if (t < 0) return false;
  uint32_t name_len = (uint32_t)w2n_strlen(types[t].name);
  if (tok.len < name_len + 1 || !w2n_bytes_equal(tok.p, name_len, types[t].name, name_len) ||
      tok.p[name_len] != ':')
    return false;
  const char *p = tok.p + name_len + 1;
  uint32_t len = tok.len - name_len - 1;
  out->lo = out->hi = 0;
  if (letter == 'c' || letter == 'e') {
    if (w2n_bytes_equal(p, len, "null", 4)) return true;
    return parse_hex(p, len, 16, &out->lo);
  }
  if (letter == 'V') {
    if (len != 32) return false;
    for (uint32_t k = 0; k < 16; k++) {
      uint64_t byte;
      if (!parse_hex(p + 2 * k, 2, 2, &byte)) return false;
      if (k < 8)
        out->lo |= byte << (8 * k);
      else
        out->hi |= byte << (8 * (k - 8));
    }
    return true;
  }
  return parse_hex(p, len, (uint32_t)types[t].digits, &out->lo);
}

void w2n_print_value(w2n_out *out, char letter, const w2n_val *value) {
  int t = type_index(letter);
  if (t < 0) {
    w2n_out_str(out, "unknown:");
    return;
  }
  w2n_out_str(out, types[t].name);
  w2n_out_char(out, ':');
  switch (letter) {
  case 'c':
  case 'e':
    if (value->lo == 0)
      w2n_out_str(out, "null");
    else
      w2n_out_hex(out, value->lo, 16);
    break;
  case 'V':
    for (int k = 0; k < 16; k++)
      w2n_out_hex(out, (k < 8 ? value->lo >> (8 * k) : value->hi >> (8 * (k - 8))) & 0xff, 2);
    break;
  default:
    w2n_out_hex(out, value->lo, types[t].digits);
    break;
  }
}

bool w2n_decode_name(script_token tok, char *buf, uint32_t cap, uint32_t *len) {
  if (tok.len == 1 && tok.p[0] == '-') {
    *len = 0;
    return true;
  }
  if (tok.len == 0 || tok.len % 2 || tok.len / 2 > cap) return false;
  for (uint32_t i = 0; i < tok.len / 2; i++) {
    int hi = hex_digit(tok.p[2 * i]), lo = hex_digit(tok.p[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    buf[i] = (char)(hi << 4 | lo);
  }
  *len = tok.len / 2;
  return true;
}

bool w2n_parse_u32(script_token tok, uint32_t *out) {
  if (tok.len == 0 || tok.len > 10) return false;
  uint64_t v = 0;
  for (uint32_t i = 0; i < tok.len; i++) {
    if (tok.p[i] < '0' || tok.p[i] > '9') return false;
    v = v * 10 + (uint64_t)(tok.p[i] - '0');
  }
  if (v > 0xffffffffu) return false;
  *out = (uint32_t)v;
  return true;
}
