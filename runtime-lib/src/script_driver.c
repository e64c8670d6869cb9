/* w2n_script_main: the spec-harness command loop (include/w2n/script_protocol.md). Reads commands
   from stdin line by line, keeps the instances, and answers each command with one line on stdout.
   Calls into Wasm run under a trap catcher, so a trap becomes the answer "trap MESSAGE" and every
   instance stays usable. */
#include "script.h"

#define W2N_MAX_INSTANCES 4096
#define W2N_MAX_NAME 65536

void *memset(void *dst, int c, size_t n);

static const w2n_module_desc *const *script_modules;
static uint32_t script_module_count;
static script_instance instances[W2N_MAX_INSTANCES];
static char name_buf[W2N_MAX_NAME];

/* ---- Tokens separated by single spaces. ---- */
typedef struct cursor {
  const char *p, *end;
} cursor;

static bool next_token(cursor *c, script_token *tok) {
  if (c->p >= c->end) return false;
  const char *start = c->p;
  while (c->p < c->end && *c->p != ' ')
    c->p++;
  tok->p = start;
  tok->len = (uint32_t)(c->p - start);
  if (c->p < c->end) c->p++; /* the separator */
  return true;
}

static bool parse_instance(script_token tok, uint32_t *index) {
  return w2n_parse_u32(tok, index) && *index < W2N_MAX_INSTANCES && instances[*index].desc;
}

/* ---- instantiate M I ---- */
typedef struct instantiate_call {
  const w2n_module_desc *desc;
  void **imports;
  void *vmctx;
} instantiate_call;

static void run_instantiate(void *arg) {
  instantiate_call *call = arg;
  call->vmctx = call->desc->instantiate(call->imports);
}

static void cmd_instantiate(cursor *c) {
  script_token tm, ti, extra;
  uint32_t m, i;
  if (!next_token(c, &tm) || !next_token(c, &ti) || next_token(c, &extra) ||
      !w2n_parse_u32(tm, &m) || !w2n_parse_u32(ti, &i)) {
    w2n_script_answer("error", "malformed instantiate");
    return;
  }
  if (m >= script_module_count) {
    w2n_script_answer("error", "unknown module");
    return;
  }
  if (i >= W2N_MAX_INSTANCES) {
    w2n_script_answer("error", "instance number too large");
    return;
  }
  const w2n_module_desc *desc = script_modules[m];
  instantiate_call call = {desc, __w2n_alloc((desc->num_imports + 1) * sizeof(void *)), 0};
  const char *unlinkable = w2n_link_imports(desc, call.imports);
  if (unlinkable) {
    w2n_script_answer("unlinkable", unlinkable);
    return;
  }
  uint32_t code = w2n_call_catching(run_instantiate, &call);
  if (code != W2N_NO_TRAP) {
    w2n_script_answer("trap", w2n_trap_message(code));
    return;
  }
  instances[i] = (script_instance){desc, call.vmctx};
  w2n_script_answer("ok", 0);
}

/* ---- register NAMEHEX I ---- */
static void cmd_register(cursor *c) {
  script_token tn, ti, extra;
  uint32_t len, i;
  if (!next_token(c, &tn) || !next_token(c, &ti) || next_token(c, &extra) ||
      !w2n_decode_name(tn, name_buf, sizeof name_buf, &len)) {
    w2n_script_answer("error", "malformed register");
    return;
  }
  if (!parse_instance(ti, &i)) {
    w2n_script_answer("error", "unknown instance");
    return;
  }
  w2n_link_register(name_buf, len, instances[i]);
  w2n_script_answer("ok", 0);
}

/* Finds export NAME of kind `kind` in instance I (tokens); answers the error itself. */
static void *find_export(cursor *c, uint8_t kind, const w2n_export_desc **exp_out) {
  script_token ti, tn;
  uint32_t i, len;
  if (!next_token(c, &ti) || !next_token(c, &tn) ||
      !w2n_decode_name(tn, name_buf, sizeof name_buf, &len)) {
    w2n_script_answer("error", "malformed command");
    return 0;
  }
  if (!parse_instance(ti, &i)) {
    w2n_script_answer("error", "unknown instance");
    return 0;
  }
  const w2n_export_desc *exp = w2n_find_export(instances[i].desc, name_buf, len);
  if (!exp || exp->kind != kind) {
    w2n_script_answer("error", "unknown export");
    return 0;
  }
  *exp_out = exp;
  return w2n_export_object(exp, instances[i].vmctx);
}

/* ---- invoke I NAMEHEX V... ---- */
typedef struct invoke_call {
  const w2n_funcref *fn;
  w2n_val *io;
} invoke_call;

static void run_invoke(void *arg) {
  invoke_call *call = arg;
  call->fn->array_call(call->fn, call->io);
}

static void cmd_invoke(cursor *c) {
  const w2n_export_desc *exp;
  const w2n_funcref *fn = find_export(c, W2N_EXTERN_FUNC, &exp);
  if (!fn) return;
  if (!fn->array_call) {
    w2n_script_answer("error", "function has no generic entry");
    return;
  }
  const char *sig = fn->sig, *results = sig;
  while (*results && *results != '_')
    results++;
  if (!*results) {
    w2n_script_answer("error", "malformed signature");
    return;
  }
  uint32_t nparams = (uint32_t)(results - sig), nresults = (uint32_t)w2n_strlen(++results);
  uint32_t n = nparams > nresults ? nparams : nresults;
  w2n_val small[32];
  w2n_val *io = n <= 32 ? small : __w2n_alloc(n * sizeof(w2n_val));
  memset(io, 0, (n ? n : 1) * sizeof(w2n_val));
  for (uint32_t k = 0; k < nparams; k++) {
    script_token tok;
    if (!next_token(c, &tok) || !w2n_parse_value(tok, sig[k], &io[k])) {
      w2n_script_answer("error", "malformed argument");
      return;
    }
  }
  script_token extra;
  if (next_token(c, &extra)) {
    w2n_script_answer("error", "too many arguments");
    return;
  }
  invoke_call call = {fn, io};
  uint32_t code = w2n_call_catching(run_invoke, &call);
  if (code != W2N_NO_TRAP) {
    w2n_script_answer("trap", w2n_trap_message(code));
    return;
  }
  w2n_out_str(&w2n_script_out, "ok");
  for (uint32_t k = 0; k < nresults; k++) {
    w2n_out_char(&w2n_script_out, ' ');
    w2n_print_value(&w2n_script_out, results[k], &io[k]);
  }
  w2n_out_char(&w2n_script_out, '\n');
}

/* ---- get I NAMEHEX ---- */
static void cmd_get(cursor *c) {
  const w2n_export_desc *exp;
  const w2n_val *cell = find_export(c, W2N_EXTERN_GLOBAL, &exp);
  if (!cell) return;
  script_token extra;
  if (next_token(c, &extra)) {
    w2n_script_answer("error", "malformed get");
    return;
  }
  char letter = w2n_valtype_letter(exp->valtype);
  if (!letter) {
    w2n_script_answer("error", "unknown global type");
    return;
  }
  w2n_out_str(&w2n_script_out, "ok ");
  w2n_print_value(&w2n_script_out, letter, cell);
  w2n_out_char(&w2n_script_out, '\n');
}

static void run_command(const char *line, size_t len) {
  cursor c = {line, line + len};
  script_token cmd;
  if (!next_token(&c, &cmd)) return;
  if (w2n_bytes_equal(cmd.p, cmd.len, "instantiate", 11))
    cmd_instantiate(&c);
  else if (w2n_bytes_equal(cmd.p, cmd.len, "register", 8))
    cmd_register(&c);
  else if (w2n_bytes_equal(cmd.p, cmd.len, "invoke", 6))
    cmd_invoke(&c);
  else if (w2n_bytes_equal(cmd.p, cmd.len, "get", 3))
    cmd_get(&c);
  else
    w2n_script_answer("error", "unknown command");
}

int w2n_script_main(const w2n_module_desc *const *modules, uint32_t count) {
  script_modules = modules;
  script_module_count = count;
  for (uint32_t i = 0; i < count; i++)
    w2n_register_module(modules[i]);
  w2n_link_register("spectest", 8, w2n_spectest_instance());
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
