/* Line-oriented stdin and one-line answers on stdout, shared by the two test drivers: the core
   spec harness (script_driver.c) and the component wast driver (component_script.c). */
#include "rt.h"

w2n_out w2n_script_out = {.fd = 1};

static char *in_buf;
static size_t in_cap, in_start, in_len;
static bool in_eof;

bool w2n_script_read_line(char **line, size_t *len) {
  for (;;) {
    for (size_t i = in_start; i < in_len; i++) {
      if (in_buf[i] == '\n') {
        *line = in_buf + in_start;
        *len = i - in_start;
        in_start = i + 1;
        return true;
      }
    }
    if (in_eof) {
      if (in_start == in_len) return false;
      *line = in_buf + in_start;
      *len = in_len - in_start;
      in_start = in_len;
      return true;
    }
    if (in_start > 0) { /* move the partial line to the front */
      for (size_t i = in_start; i < in_len; i++)
        in_buf[i - in_start] = in_buf[i];
      in_len -= in_start;
      in_start = 0;
    }
    if (in_len == in_cap) {
      size_t cap = in_cap ? in_cap * 2 : 65536;
      char *grown = __w2n_alloc(cap);
      for (size_t i = 0; i < in_len; i++)
        grown[i] = in_buf[i];
      if (in_buf) w2n_free(in_buf, in_cap);
      in_buf = grown;
      in_cap = cap;
    }
    long r = w2n_sys(W2N_SYS_read, 0, (long)(in_buf + in_len), (long)(in_cap - in_len), 0, 0, 0);
    if (r == -4) /* EINTR */
      continue;
    if (r <= 0)
      in_eof = true;
    else
      in_len += (size_t)r;
  }
}

void w2n_script_answer(const char *kind, const char *message) {
  w2n_out_str(&w2n_script_out, kind);
  if (message) {
    w2n_out_char(&w2n_script_out, ' ');
    w2n_out_str(&w2n_script_out, message);
  }
  w2n_out_char(&w2n_script_out, '\n');
}
