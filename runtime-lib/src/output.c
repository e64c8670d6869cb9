/* Buffered, allocation-free text output to a file descriptor: the runtime's printf replacement for
   trap messages, backtraces and the script driver's answers. */
#include "rt.h"

void w2n_out_flush(w2n_out *out) {
  if (out->len) w2n_write_all(out->fd, out->buf, out->len);
  out->len = 0;
}

void w2n_out_bytes(w2n_out *out, const void *data, size_t len) {
  const char *p = data;
  while (len) {
    if (out->len == sizeof out->buf) w2n_out_flush(out);
    size_t n = sizeof out->buf - out->len;
    if (n > len) n = len;
    for (size_t i = 0; i < n; i++)
      out->buf[out->len + i] = p[i];
    out->len += (uint32_t)n;
    p += n;
    len -= n;
  }
}

void w2n_out_str(w2n_out *out, const char *s) { w2n_out_bytes(out, s, w2n_strlen(s)); }

void w2n_out_char(w2n_out *out, char c) { w2n_out_bytes(out, &c, 1); }

void w2n_out_hex(w2n_out *out, uint64_t value, int digits) {
  char tmp[16];
  if (digits < 1) digits = 1;
  if (digits > 16) digits = 16;
  for (int i = digits - 1; i >= 0; i--) {
    tmp[i] = "0123456789abcdef"[value & 15];
    value >>= 4;
  }
  w2n_out_bytes(out, tmp, (size_t)digits);
}

void w2n_out_udec(w2n_out *out, uint64_t value) {
  char tmp[20];
  int n = 0;
  do {
    tmp[19 - n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value);
  w2n_out_bytes(out, tmp + 20 - n, (size_t)n);
}

void w2n_out_dec(w2n_out *out, int64_t value) {
  if (value < 0) {
    w2n_out_char(out, '-');
    w2n_out_udec(out, 0 - (uint64_t)value);
  } else {
    w2n_out_udec(out, (uint64_t)value);
  }
}

size_t w2n_strlen(const char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

bool w2n_bytes_equal(const void *a, size_t alen, const void *b, size_t blen) {
  if (alen != blen) return false;
  const unsigned char *x = a, *y = b;
  for (size_t i = 0; i < alen; i++)
    if (x[i] != y[i]) return false;
  return true;
}
