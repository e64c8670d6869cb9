/* w2n_component_invoke_main: the program a component that is not a command becomes. It
   instantiates the component once and calls its exports as the command line (or stdin, one call
   per line) says, with arguments and results in WAVE, as `wasmtime run --invoke` does:

     ./calc 'add(1.5, 2)' 'math.sqrt(-1.0)'      one call per argument, in one instance
     ./calc < calls.txt                          one call per line, one answer line each
     ./calc --list                               the exports and their WIT signatures

   A call is `NAME(ARG, ...)` or `VAR = NAME(ARG, ...)`. NAME is a function of the component's
   root (`f`), of an exported interface (`math.add`, `example:calculator/math#add`), or of a
   resource (`counter.new(3)` for the constructor, `counter.get(c)` for a method, whose first
   argument is the handle, `counter.make()` for a static function). VAR keeps a result for later
   calls; a handle argument is a VAR or `#N`. Trailing `none` options may be left out. Each result
   is printed in WAVE on its own line, `()` when the function has none.

   A trap prints `wasm trap: ...` and ends the program with status 134, as commands do. A call that
   does not parse, names no export or does not fit the types is one line on stderr and status 1
   (with stdin, the other lines are still answered). */
#include "wave.h"

typedef struct w2n_cinvoke_export {
  const char *name; /* "f", or "inst#f" for function f of an exported instance */
  const w2n_adapter *adapter;
  const char *signature; /* "func(a: f64, b: f64) -> f64" */
} w2n_cinvoke_export;

static const w2n_cinvoke_export *exports;
static uint32_t export_count;
static w2n_out out = {1, 0, {0}};
static w2n_out err = {2, 0, {0}};

static void *scratch_alloc(void *ctx, size_t size) {
  (void)ctx;
  return w2n_scratch_alloc(size);
}

/* ---- Variables: results kept by `VAR = ...` (deep copies, kept for the whole run). ---- */
typedef struct variable {
  char *name;
  uint32_t len;
  const w2n_ctype *type;
  w2n_cval value;
} variable;
static variable *variables;
static uint32_t variable_count, variable_cap;

static void copy_value(const w2n_ctype *t, const w2n_cval *from, w2n_cval *to) {
  *to = *from;
  if (t->kind == W2N_CT_STRING) {
    char *b = __w2n_alloc(from->count ? from->count : 1);
    for (uint32_t i = 0; i < from->count; i++)
      b[i] = from->bytes[i];
    to->bytes = b;
    return;
  }
  uint32_t n = t->kind == W2N_CT_LIST || t->kind == W2N_CT_RECORD || t->kind == W2N_CT_TUPLE
                   ? from->count
               : from->elems ? 1
                             : 0;
  if (!n) return;
  to->elems = __w2n_alloc(n * sizeof(w2n_cval));
  for (uint32_t i = 0; i < n; i++) {
    const w2n_ctype *m = t->kind == W2N_CT_LIST ? t->members[0]
                         : t->kind == W2N_CT_RECORD || t->kind == W2N_CT_TUPLE
                             ? t->members[i]
                             : t->members[from->u];
    copy_value(m, &from->elems[i], &to->elems[i]);
  }
}

static void set_variable(const char *name, uint32_t len, const w2n_ctype *t, const w2n_cval *v) {
  variable *var = 0;
  for (uint32_t i = 0; i < variable_count; i++)
    if (w2n_bytes_equal(variables[i].name, variables[i].len, name, len)) var = &variables[i];
  if (!var) {
    if (variable_count == variable_cap) {
      uint32_t cap = variable_cap ? variable_cap * 2 : 16;
      variable *grown = __w2n_alloc(cap * sizeof(variable));
      for (uint32_t i = 0; i < variable_count; i++)
        grown[i] = variables[i];
      variables = grown;
      variable_cap = cap;
    }
    var = &variables[variable_count++];
    var->name = __w2n_alloc(len + 1);
    for (uint32_t i = 0; i < len; i++)
      var->name[i] = name[i];
    var->len = len;
  }
  var->type = t;
  copy_value(t, v, &var->value);
}

static bool resolve_variable(void *ctx, const char *name, uint32_t len, const w2n_ctype *t,
                             uint64_t *outv) {
  (void)ctx;
  for (uint32_t i = 0; i < variable_count; i++) {
    const variable *v = &variables[i];
    if (!w2n_bytes_equal(v->name, v->len, name, len)) continue;
    bool handle = v->type && (v->type->kind == W2N_CT_OWN || v->type->kind == W2N_CT_BORROW);
    if (!handle || v->type->resource != t->resource) return false;
    *outv = v->value.u;
    return true;
  }
  return false;
}

/* ---- Names ---- */
typedef struct name_parts {
  const char *inst, *fn, *callable_base; /* inst may be 0 */
  uint32_t inst_len, fn_len, base_len;
  const char *method; /* "new" for a constructor, or the method/static name; 0 otherwise */
  uint32_t method_len;
} name_parts;

static bool starts_with(const char *s, uint32_t n, const char *prefix) {
  uint32_t k = (uint32_t)w2n_strlen(prefix);
  return n >= k && w2n_bytes_equal(s, k, prefix, k);
}

static name_parts split_name(const char *name) {
  name_parts p = {0, name, name, 0, (uint32_t)w2n_strlen(name), 0, 0, 0};
  for (uint32_t i = 0; name[i]; i++)
    if (name[i] == '#') {
      p.inst = name;
      p.inst_len = i;
      p.fn = name + i + 1;
      p.fn_len = (uint32_t)w2n_strlen(p.fn);
    }
  p.callable_base = p.fn;
  p.base_len = p.fn_len;
  const char *kinds[] = {"[constructor]", "[method]", "[static]"};
  for (int k = 0; k < 3; k++) {
    if (!starts_with(p.fn, p.fn_len, kinds[k])) continue;
    uint32_t skip = (uint32_t)w2n_strlen(kinds[k]);
    p.callable_base = p.fn + skip;
    p.base_len = p.fn_len - skip;
    if (k == 0) {
      p.method = "new";
      p.method_len = 3;
    } else {
      for (uint32_t i = 0; i < p.base_len; i++)
        if (p.callable_base[i] == '.') {
          p.method = p.callable_base + i + 1;
          p.method_len = p.base_len - i - 1;
          p.base_len = i;
        }
    }
  }
  return p;
}

/* Does `s` equal the concatenation of the pieces (pointer, length pairs; a null pointer ends)? */
static bool equals_pieces(const char *s, uint32_t n, const char *a, uint32_t an, const char *b,
                          uint32_t bn, const char *c, uint32_t cn) {
  if (an + bn + cn != n) return false;
  return w2n_bytes_equal(s, an, a, an) && w2n_bytes_equal(s + an, bn, b, bn) &&
         w2n_bytes_equal(s + an + bn, cn, c, cn);
}

/* The callable form of the function part: "f", "r.new", "r.m". */
static bool matches_callable(const name_parts *p, const char *s, uint32_t n) {
  if (!p->method) return w2n_bytes_equal(s, n, p->fn, p->fn_len);
  return equals_pieces(s, n, p->callable_base, p->base_len, ".", 1, p->method, p->method_len);
}

/* The interface's short name: "math" for "example:calculator/math@1.0.0". */
static void short_inst(const name_parts *p, const char **s, uint32_t *n) {
  const char *start = p->inst, *end = p->inst + p->inst_len;
  for (const char *q = p->inst; q < end; q++)
    if (*q == '/') start = q + 1;
  for (const char *q = start; q < end; q++)
    if (*q == '@') {
      end = q;
      break;
    }
  *s = start;
  *n = (uint32_t)(end - start);
}

static bool export_matches(const w2n_cinvoke_export *e, const char *s, uint32_t n) {
  name_parts p = split_name(e->name);
  if (w2n_bytes_equal(s, n, e->name, w2n_strlen(e->name))) return true; /* the full name */
  if (!p.inst) return matches_callable(&p, s, n);
  /* INST.callable, SHORT.callable, INST#callable, or the callable alone. */
  const char *short_name;
  uint32_t short_len;
  short_inst(&p, &short_name, &short_len);
  const char *prefixes[2] = {p.inst, short_name};
  uint32_t prefix_lens[2] = {p.inst_len, short_len};
  for (int k = 0; k < 2; k++) {
    uint32_t pl = prefix_lens[k];
    if (n > pl + 1 && w2n_bytes_equal(s, pl, prefixes[k], pl) && (s[pl] == '.' || s[pl] == '#') &&
        matches_callable(&p, s + pl + 1, n - pl - 1))
      return true;
  }
  return matches_callable(&p, s, n);
}

/* ---- One call ---- */
static bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ':' || c == '/' || c == '@' || c == '.' || c == '#' || c == '[' ||
         c == ']' || c == '%';
}

static void report(const char *where, uint32_t column, const char *message, const char *detail) {
  w2n_out_str(&err, "error: ");
  w2n_out_str(&err, where);
  if (column) {
    w2n_out_str(&err, ", column ");
    w2n_out_udec(&err, column);
  }
  w2n_out_str(&err, ": ");
  w2n_out_str(&err, message);
  if (detail) w2n_out_str(&err, detail);
  w2n_out_char(&err, '\n');
  w2n_out_flush(&err);
}

static bool run_call(const char *text, uint32_t len, const char *where) {
  w2n_wave_parser ps = {text, text, text + len, scratch_alloc, 0, resolve_variable, 0, 0, 0};
  const char *var = 0;
  uint32_t var_len = 0;
  /* VAR = ... */
  {
    w2n_wave_parser probe = ps;
    const char *l;
    uint32_t n;
    if (w2n_wave_label(&probe, &l, &n) && w2n_wave_eat(&probe, '=')) {
      var = l;
      var_len = n;
      ps = probe;
    }
  }
  w2n_wave_skip(&ps);
  const char *name = ps.p;
  while (ps.p < ps.end && is_name_char(*ps.p))
    ps.p++;
  uint32_t name_len = (uint32_t)(ps.p - name);
  if (!name_len || !w2n_wave_eat(&ps, '(')) {
    report(where, (uint32_t)(ps.p - text) + 1, "expected a call: NAME(ARG, ...)", 0);
    return false;
  }
  const w2n_cinvoke_export *e = 0;
  uint32_t matches = 0;
  for (uint32_t i = 0; i < export_count; i++)
    if (export_matches(&exports[i], name, name_len)) {
      if (!e) e = &exports[i];
      matches++;
    }
  if (!e || !e->adapter || !e->adapter->type) {
    char buf[256];
    uint32_t n = name_len < sizeof buf - 1 ? name_len : sizeof buf - 1;
    for (uint32_t i = 0; i < n; i++)
      buf[i] = name[i];
    buf[n] = 0;
    report(where, 0, "no exported function is called ", buf);
    return false;
  }
  if (matches > 1) {
    report(where, 0, "the name is ambiguous: write the interface too, as in ", e->name);
    return false;
  }
  const w2n_cfunctype *ft = e->adapter->type;
  w2n_cval *args = w2n_scratch_alloc((ft->num_params ? ft->num_params : 1) * sizeof(w2n_cval));
  uint32_t k = 0;
  for (; k < ft->num_params; k++) {
    w2n_wave_parser probe = ps;
    if (w2n_wave_eat(&probe, ')')) break;
    if (k && !w2n_wave_eat(&ps, ',')) {
      report(where, (uint32_t)(ps.p - text) + 1, "expected ',' or ')'", 0);
      return false;
    }
    if (!w2n_wave_parse(&ps, ft->params[k], &args[k])) {
      report(where, (uint32_t)(ps.error_at - text) + 1, "expected ", ps.error);
      return false;
    }
  }
  for (uint32_t rest = k; rest < ft->num_params; rest++) {
    if (!w2n_wave_is_option(ft->params[rest])) {
      report(where, (uint32_t)(ps.p - text) + 1, "too few arguments: the function is ",
             e->signature);
      return false;
    }
    args[rest].kind = W2N_CT_OPTION; /* none */
  }
  /* A trailing comma, then the closing parenthesis. */
  w2n_wave_parser probe = ps;
  if (w2n_wave_eat(&probe, ',') && w2n_wave_eat(&probe, ')'))
    ps = probe;
  else if (!w2n_wave_eat(&ps, ')')) {
    w2n_wave_skip(&ps);
    bool more = ps.p < ps.end && *ps.p == ',' && k == ft->num_params;
    report(where, (uint32_t)(ps.p - text) + 1,
           more ? "too many arguments: the function is " : "expected ')'", more ? e->signature : 0);
    return false;
  }
  w2n_wave_skip(&ps);
  if (ps.p != ps.end) {
    report(where, (uint32_t)(ps.p - text) + 1, "unexpected text after the call", 0);
    return false;
  }

  w2n_cval result;
  w2n_canon_invoke(e->adapter, args, &result);
  if (ft->has_result && ft->result) {
    w2n_wave_print(&out, ft->result, &result);
    if (var) set_variable(var, var_len, ft->result, &result);
  } else {
    w2n_out_str(&out, "()");
  }
  w2n_out_char(&out, '\n');
  w2n_out_flush(&out);
  return true;
}

/* ---- --list and --help ---- */
static void list_exports(void) {
  for (uint32_t i = 0; i < export_count; i++) {
    const w2n_cinvoke_export *e = &exports[i];
    if (!e->adapter) continue;
    w2n_out_str(&out, e->name);
    w2n_out_str(&out, ": ");
    w2n_out_str(&out, e->signature);
    w2n_out_char(&out, '\n');
  }
  w2n_out_flush(&out);
}

static void usage(void) {
  w2n_out_str(&out,
              "Calls the exports of the WebAssembly component this program was compiled from.\n"
              "\n"
              "Usage: PROGRAM 'NAME(ARG, ...)'...   each call in turn, in one instance\n"
              "       PROGRAM < FILE                one call per line of stdin\n"
              "       PROGRAM --list                the exports with their WIT signatures\n"
              "\n"
              "Arguments and results are WAVE values (as `wasmtime run --invoke` uses): 1, -2.5,\n"
              "'c', \"text\", [1, 2], (1, \"a\"), {field: 1}, case(payload), some(1), none,\n"
              "ok(1), err(\"e\"), {flag-a, flag-b}. NAME is `f`, `iface.f` or the full\n"
              "`pkg:ns/iface@version#f`; resources: `r.new(...)`, `r.method(handle, ...)`,\n"
              "`r.static-fn(...)`. `VAR = NAME(...)` keeps the result; a handle is passed as\n"
              "VAR or #N. Each result is printed on its own line (`()` when there is none).\n"
              "A trap prints `wasm trap: ...` and exits with status 134; a call that does not\n"
              "parse or fit the types is an error line and status 1.\n");
  w2n_out_flush(&out);
}

/* "call 3", "line 12": where an error is, for the message. */
static void describe(char *buf, const char *what, uint32_t number) {
  uint32_t n = (uint32_t)w2n_strlen(what), digits = 1;
  for (uint32_t i = 0; i < n; i++)
    buf[i] = what[i];
  for (uint32_t t = number; t >= 10; t /= 10)
    digits++;
  for (uint32_t d = digits; d > 0; d--, number /= 10)
    buf[n + d - 1] = (char)('0' + number % 10);
  buf[n + digits] = 0;
}

int w2n_component_invoke_main(void (*instantiate)(void), const w2n_cinvoke_export *table,
                              uint32_t count) {
  exports = table;
  export_count = count;
  if (w2n_argc == 2 && (w2n_bytes_equal(w2n_argv[1], w2n_strlen(w2n_argv[1]), "--list", 6))) {
    list_exports();
    return 0;
  }
  if (w2n_argc == 2 && (w2n_bytes_equal(w2n_argv[1], w2n_strlen(w2n_argv[1]), "--help", 6) ||
                        w2n_bytes_equal(w2n_argv[1], w2n_strlen(w2n_argv[1]), "-h", 2))) {
    usage();
    return 0;
  }
  instantiate();
  int status = 0;
  if (w2n_argc > 1) {
    for (int i = 1; i < w2n_argc; i++) {
      char where[32];
      describe(where, "call ", (uint32_t)i);
      bool ok = run_call(w2n_argv[i], (uint32_t)w2n_strlen(w2n_argv[i]), where);
      w2n_scratch_reset();
      if (!ok) return 1;
    }
    return 0;
  }
  char *line;
  size_t len;
  uint32_t number = 0;
  while (w2n_script_read_line(&line, &len)) {
    number++;
    if (len && line[len - 1] == '\r') len--;
    bool blank = true;
    for (size_t i = 0; i < len; i++)
      if (line[i] != ' ' && line[i] != '\t') blank = false;
    if (blank) continue;
    char where[32];
    describe(where, "line ", number);
    if (!run_call(line, (uint32_t)len, where)) status = 1;
    w2n_scratch_reset();
  }
  return status;
}
