/* w2n_component_script_main: the component wast driver (include/w2n/component_script_protocol.md).
   Instantiates the component under a trap catcher and answers with one line, then reads commands
   from stdin line by line and answers each with one line on stdout. Calls into the component run
   under the trap catcher, so a trap becomes the answer "trap MESSAGE" and the process goes on. */
#include "rt.h"
#include "w2n/canon.h"

#define CS_MAX_NAME 65536

/* component_values.c */
typedef struct cs_cursor {
  const char *p, *end;
} cs_cursor;
bool w2n_cs_parse_value(cs_cursor *c, const w2n_ctype *t, w2n_cval *out, const char **error);
void w2n_cs_print_value(w2n_out *out, const w2n_ctype *t, const w2n_cval *v);

static const w2n_cexport *cs_exports;
static uint32_t cs_export_count;
static bool cs_instantiated;
static char name_buf[CS_MAX_NAME];

static bool next_token(cs_cursor *c, const char **p, uint32_t *len) {
  while (c->p < c->end && *c->p == ' ')
    c->p++;
  if (c->p >= c->end) return false;
  *p = c->p;
  while (c->p < c->end && *c->p != ' ')
    c->p++;
  *len = (uint32_t)(c->p - *p);
  return true;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* A hex-encoded name ("-" is the empty name). */
static bool decode_name(const char *p, uint32_t len, uint32_t *out_len) {
  if (len == 1 && p[0] == '-') {
    *out_len = 0;
    return true;
  }
  if (len == 0 || len % 2 || len / 2 > sizeof name_buf) return false;
  for (uint32_t i = 0; i < len / 2; i++) {
    int hi = hex_digit(p[2 * i]), lo = hex_digit(p[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    name_buf[i] = (char)(hi << 4 | lo);
  }
  *out_len = len / 2;
  return true;
}

static void print_name(const char *name) {
  size_t n = w2n_strlen(name);
  if (n == 0) w2n_out_char(&w2n_script_out, '-');
  for (size_t i = 0; i < n; i++)
    w2n_out_hex(&w2n_script_out, (unsigned char)name[i], 2);
}

/* ---- Instantiation. ---- */
typedef struct instantiate_box {
  void (*fn)(void);
} instantiate_box;

static void run_instantiate_box(void *arg) { ((instantiate_box *)arg)->fn(); }

/* ---- invoke NAMEHEX V... ---- */
typedef struct invoke_call {
  const w2n_adapter *adapter;
  const w2n_cval *args;
  w2n_cval result;
} invoke_call;

static void run_invoke(void *arg) {
  invoke_call *call = arg;
  w2n_canon_invoke(call->adapter, call->args, &call->result);
}

static void cmd_invoke(cs_cursor *c) {
  const char *p;
  uint32_t len, name_len;
  if (!next_token(c, &p, &len) || !decode_name(p, len, &name_len)) {
    w2n_script_answer("error", "malformed invoke");
    return;
  }
  if (!cs_instantiated) {
    w2n_script_answer("error", "the component is not instantiated");
    return;
  }
  const w2n_cexport *exp = 0;
  for (uint32_t i = 0; i < cs_export_count; i++) {
    const char *n = cs_exports[i].name;
    if (w2n_bytes_equal(n, w2n_strlen(n), name_buf, name_len)) {
      exp = &cs_exports[i];
      break;
    }
  }
  if (!exp || !exp->adapter || !exp->adapter->type) {
    w2n_script_answer("error", "unknown export");
    return;
  }
  const w2n_cfunctype *ft = exp->adapter->type;
  w2n_cval *args = __w2n_alloc((ft->num_params ? ft->num_params : 1) * sizeof(w2n_cval));
  for (uint32_t k = 0; k < ft->num_params; k++) {
    const char *error = "malformed argument";
    if (!w2n_cs_parse_value(c, ft->params[k], &args[k], &error)) {
      w2n_script_answer("error", error);
      return;
    }
  }
  if (next_token(c, &p, &len)) {
    w2n_script_answer("error", "too many arguments");
    return;
  }
  invoke_call call = {exp->adapter, args, {0}};
  uint32_t code = w2n_call_catching(run_invoke, &call);
  if (code != W2N_NO_TRAP) {
    w2n_script_answer("trap", w2n_trap_message(code));
    return;
  }
  w2n_out_str(&w2n_script_out, "ok");
  if (ft->has_result && ft->result) {
    w2n_out_char(&w2n_script_out, ' ');
    w2n_cs_print_value(&w2n_script_out, ft->result, &call.result);
  }
  w2n_out_char(&w2n_script_out, '\n');
}

/* ---- exports ---- */
static void cmd_exports(void) {
  w2n_out_str(&w2n_script_out, "ok");
  for (uint32_t i = 0; i < cs_export_count; i++) {
    w2n_out_char(&w2n_script_out, ' ');
    print_name(cs_exports[i].name);
  }
  w2n_out_char(&w2n_script_out, '\n');
}

static void run_command(const char *line, size_t len) {
  cs_cursor c = {line, line + len};
  const char *p;
  uint32_t n;
  if (!next_token(&c, &p, &n)) return;
  if (w2n_bytes_equal(p, n, "invoke", 6))
    cmd_invoke(&c);
  else if (w2n_bytes_equal(p, n, "exports", 7))
    cmd_exports();
  else
    w2n_script_answer("error", "unknown command");
}

int w2n_component_script_main(void (*instantiate)(void), const w2n_cexport *exports,
                              uint32_t count) {
  cs_exports = exports;
  cs_export_count = count;
  instantiate_box box = {instantiate};
  uint32_t code = instantiate ? w2n_call_catching(run_instantiate_box, &box) : W2N_NO_TRAP;
  if (code != W2N_NO_TRAP) {
    w2n_script_answer("trap", w2n_trap_message(code));
  } else {
    cs_instantiated = true;
    w2n_script_answer("ok", 0);
  }
  w2n_out_flush(&w2n_script_out);
  char *line;
  size_t len;
  while (w2n_script_read_line(&line, &len)) {
    if (len && line[len - 1] == '\r') len--;
    if (len == 0) continue;
    run_command(line, len);
    w2n_out_flush(&w2n_script_out);
  }
  w2n_out_flush(&w2n_script_out);
  return 0;
}
