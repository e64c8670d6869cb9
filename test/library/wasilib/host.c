// The C host of the WASI-capabilities tests (wasilib.c behind the generated wasilib.h): what a
// library instance can reach is exactly what its w2n_config grants, and nothing by default.
//   (a) nothing granted: no preopen, file access refused, empty environment and arguments, an
//       empty stdin (not the host's), stdout discarded (not the host's);
//   (b) a directory under a guest name, environment, arguments and stdio fds: the guest sees
//       exactly those, and paths that leave the directory are refused;
//   (c) instances with different grants side by side do not see each other's;
//   (d) a directory that does not exist (and other bad grants) fail instantiation with a
//       one-line error naming it;
//   (e) freeing instances closes every fd they held;
//   (f) stdio answered by the host's callbacks: what the guest writes arrives in the write
//       callback (stream 1), what the read callback gives is what the guest reads (in pieces, up
//       to its end), a failing callback fails the guest's call (preview1's io, 29), and a
//       callback kind without its function fails instantiation.
// The expected values are reasoned from WASI, written beside each check: preview1 errnos
// (wasi_snapshot_preview1 `errno`: badf 8, noent 44, perm 63) as jco's preview1 adapter maps
// wasi:filesystem error codes onto them (not-permitted -> perm, bad-descriptor -> badf,
// no-entry -> noent). Prints one FAIL line per failed check, "PASS n checks" at the end.
// Usage: host SCRATCH-DIR (an empty directory it may fill).
#define _GNU_SOURCE
#include "wasilib.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { E_BADF = 8, E_IO = 29, E_NOENT = 44, E_PERM = 63 };

static int checks, failures;

static void check(int ok, const char *what) {
  checks++;
  if (!ok) {
    failures++;
    fprintf(stderr, "FAIL %s\n", what);
  }
}

static wasilib_string_t str(const char *s) { return (wasilib_string_t){(uint8_t *)s, strlen(s)}; }

static int str_is(const wasilib_string_t *s, const char *want) {
  return s->len == strlen(want) && memcmp(s->ptr, want, s->len) == 0;
}

typedef bool (*list_fn)(wasilib_instance *, wasilib_list_string_t *, w2n_error **);

// Calls a list<string> export and compares with `want` (count entries), in order.
static void list_is(wasilib_instance *inst, list_fn fn, const char *const *want, size_t count,
                    const char *what) {
  wasilib_list_string_t got = {0};
  w2n_error *err = NULL;
  if (!fn(inst, &got, &err)) {
    fprintf(stderr, "  %s: %s\n", what, w2n_error_message(err));
    w2n_error_free(err);
    check(0, what);
    return;
  }
  int ok = got.len == count;
  for (size_t i = 0; ok && i < count; i++)
    ok = str_is(&got.ptr[i], want[i]);
  if (!ok) {
    fprintf(stderr, "  %s: got %zu:", what, got.len);
    for (size_t i = 0; i < got.len; i++)
      fprintf(stderr, " '%.*s'", (int)got.ptr[i].len, (const char *)got.ptr[i].ptr);
    fprintf(stderr, "\n");
  }
  check(ok, what);
  example_wasilib_probe_env_free(&got);
}

// read-file(dir, path): ok(contents) when want_err is 0, else err(want_err).
static void read_is(wasilib_instance *inst, const char *dir, const char *path, const char *want,
                    uint32_t want_err, const char *what) {
  wasilib_string_t d = str(dir), p = str(path);
  wasilib_result_string_u32_t r = {0};
  w2n_error *err = NULL;
  if (!example_wasilib_probe_read_file(inst, &d, &p, &r, &err)) {
    fprintf(stderr, "  %s: %s\n", what, w2n_error_message(err));
    w2n_error_free(err);
    check(0, what);
    return;
  }
  int ok = want_err ? r.is_err && r.val.err == want_err : !r.is_err && str_is(&r.val.ok, want);
  if (!ok) {
    if (r.is_err)
      fprintf(stderr, "  %s: err(%u)\n", what, r.val.err);
    else
      fprintf(stderr, "  %s: ok('%.*s')\n", what, (int)r.val.ok.len, (const char *)r.val.ok.ptr);
  }
  check(ok, what);
  example_wasilib_probe_read_file_free(&r);
}

static uint32_t say(wasilib_instance *inst, const char *text) {
  wasilib_string_t t = str(text);
  uint32_t e = 999;
  w2n_error *err = NULL;
  if (!example_wasilib_probe_say(inst, &t, &e, &err)) {
    fprintf(stderr, "  say: %s\n", w2n_error_message(err));
    w2n_error_free(err);
  }
  return e;
}

// hear(): ok(what stdin holds).
static void hear_is(wasilib_instance *inst, const char *want, const char *what) {
  wasilib_result_string_u32_t r = {0};
  w2n_error *err = NULL;
  if (!example_wasilib_probe_hear(inst, &r, &err)) {
    fprintf(stderr, "  %s: %s\n", what, w2n_error_message(err));
    w2n_error_free(err);
    check(0, what);
    return;
  }
  check(!r.is_err && str_is(&r.val.ok, want), what);
  example_wasilib_probe_hear_free(&r);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f || fputs(text, f) < 0 || fclose(f)) {
    perror(path);
    exit(2);
  }
}

// The contents of a file (up to 255 bytes).
static const char *file_text(const char *path) {
  static char buf[256];
  FILE *f = fopen(path, "r");
  size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
  if (f) fclose(f);
  buf[n] = 0;
  return buf;
}

// Runs fn with the process's fd `which` pointing at `path` (opened with `flags`), then restores it.
static void with_fd(int which, const char *path, int flags, void (*fn)(void *), void *arg) {
  fflush(stdout);
  int saved = dup(which), fd = open(path, flags, 0644);
  if (saved < 0 || fd < 0 || dup2(fd, which) < 0) {
    perror(path);
    exit(2);
  }
  close(fd);
  fn(arg);
  dup2(saved, which);
  close(saved);
}

static int open_fds(void) {
  int n = 0;
  DIR *d = opendir("/proc/self/fd");
  if (!d) return -1;
  while (readdir(d))
    n++;
  closedir(d);
  return n;
}

static wasilib_instance *make(const w2n_config *config, const char *what) {
  w2n_error *err = NULL;
  wasilib_instance *inst = wasilib_instantiate(config, &err);
  if (!inst) {
    fprintf(stderr, "  %s: %s\n", what, w2n_error_message(err));
    w2n_error_free(err);
  }
  check(inst != NULL, what);
  return inst;
}

// ---- (a) Nothing granted. ----
static wasilib_instance *bare;
static const char *scratch;
static char path_buf[4096];

static const char *at(const char *name) {
  snprintf(path_buf, sizeof path_buf, "%s/%s", scratch, name);
  return path_buf;
}

static void bare_say(void *arg) {
  check(say(bare, "leaked\n") == 0, "(a) say succeeds (discarded)");
}
static void bare_hear(void *arg) { hear_is(bare, "", "(a) stdin is empty, not the host's"); }

static void nothing_granted(const w2n_config *config, const char *label) {
  bare = make(config, label);
  if (!bare) return;
  list_is(bare, example_wasilib_probe_preopens, NULL, 0, "(a) no preopened directory");
  // With no preopen the guest opens relative to fd 3, which is not open: badf.
  read_is(bare, "data", "a.txt", NULL, E_BADF, "(a) a file cannot be opened (badf)");
  read_is(bare, "data", "/etc/passwd", NULL, E_BADF, "(a) an absolute path cannot be opened");
  list_is(bare, example_wasilib_probe_env, NULL, 0, "(a) empty environment");
  list_is(bare, example_wasilib_probe_args, NULL, 0, "(a) no arguments");
  // stdout: the process's fd 1 goes to a file during the call; nothing may arrive there.
  char out[4096];
  snprintf(out, sizeof out, "%s", at("host-stdout.txt"));
  with_fd(1, out, O_WRONLY | O_CREAT | O_TRUNC, bare_say, NULL);
  check(strcmp(file_text(out), "") == 0, "(a) the host's stdout got nothing");
  // stdin: the process's fd 0 holds text during the call; the guest must not read it.
  char in[4096];
  snprintf(in, sizeof in, "%s", at("host-stdin.txt"));
  write_file(in, "the host's own input\n");
  with_fd(0, in, O_RDONLY, bare_hear, NULL);
  wasilib_instance_free(bare);
  bare = NULL;
}

// ---- (b) Granted: a directory, environment, arguments, stdio fds. ----
static void granted(void) {
  char dir_a[4096], out[4096], in[4096];
  snprintf(dir_a, sizeof dir_a, "%s", at("a"));
  snprintf(out, sizeof out, "%s", at("guest-stdout.txt"));
  snprintf(in, sizeof in, "%s", at("guest-stdin.txt"));
  write_file(in, "typed by the host\n");
  int out_fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644), in_fd = open(in, O_RDONLY);
  w2n_preopen pre[] = {{dir_a, "data"}};
  const char *env[] = {"GREETING=hello", "EMPTY=", "SPACED=two words", "GREETING=bye"};
  const char *args[] = {"prog", "--flag", "x y"};
  w2n_config config = {0};
  config.num_preopens = 1;
  config.preopens = pre;
  config.num_env = 4;
  config.env = env;
  config.num_args = 3;
  config.args = args;
  config.stdio[0] = (w2n_stdio){W2N_STDIO_FD, in_fd};
  config.stdio[1] = (w2n_stdio){W2N_STDIO_FD, out_fd};
  wasilib_instance *inst = make(&config, "(b) instantiate with grants");
  // The library duplicated the fds: the host may close its own at once.
  close(in_fd);
  close(out_fd);
  if (!inst) return;
  const char *names[] = {"data"};
  list_is(inst, example_wasilib_probe_preopens, names, 1, "(b) the preopen under its guest name");
  read_is(inst, "data", "a.txt", "in a\n", 0, "(b) a file in the granted directory");
  read_is(inst, "data", "sub/deep.txt", "deep\n", 0, "(b) a file below it");
  read_is(inst, "data", "missing.txt", NULL, E_NOENT, "(b) a missing file (noent)");
  // Leaving the directory: .., an absolute path, a symbolic link that points out of it. The
  // resolver refuses each with PERM (wasi_resolve.c, as Wasmtime does): not-permitted -> perm.
  read_is(inst, "data", "../secret.txt", NULL, E_PERM, "(b) .. out of the directory (perm)");
  read_is(inst, "data", "sub/../../secret.txt", NULL, E_PERM, "(b) sub/../.. out of it (perm)");
  read_is(inst, "data", "/etc/passwd", NULL, E_PERM, "(b) an absolute path (perm)");
  read_is(inst, "data", "escape", NULL, E_PERM, "(b) a symbolic link out of it (perm)");
  read_is(inst, "other", "a.txt", NULL, E_BADF, "(b) a directory not granted (badf)");
  // "GREETING=hello" is overridden by the later "GREETING=bye", which takes the last place.
  const char *env_want[] = {"EMPTY=", "SPACED=two words", "GREETING=bye"};
  list_is(inst, example_wasilib_probe_env, env_want, 3, "(b) exactly the granted environment");
  list_is(inst, example_wasilib_probe_args, args, 3, "(b) exactly the granted arguments");
  check(say(inst, "to the granted fd\n") == 0, "(b) say succeeds");
  check(strcmp(file_text(out), "to the granted fd\n") == 0, "(b) stdout went to the granted fd");
  hear_is(inst, "typed by the host\n", "(b) stdin is the granted fd");
  wasilib_instance_free(inst);
}

// ---- stdout inherited: the process's own fd 1. ----
static wasilib_instance *inheriting;
static void inherit_say(void *arg) { say(inheriting, "inherited\n"); }

static void inherited(void) {
  w2n_config config = {0};
  config.stdio[1] = (w2n_stdio){W2N_STDIO_INHERIT, 0};
  inheriting = make(&config, "(b) instantiate with stdout inherited");
  if (!inheriting) return;
  char out[4096];
  snprintf(out, sizeof out, "%s", at("inherited.txt"));
  with_fd(1, out, O_WRONLY | O_CREAT | O_TRUNC, inherit_say, NULL);
  check(strcmp(file_text(out), "inherited\n") == 0, "(b) inherited stdout is the process's fd 1");
  wasilib_instance_free(inheriting);
}

// ---- (c) Two instances with different grants, used alternately. ----
static void side_by_side(void) {
  char dir_a[4096], dir_b[4096];
  snprintf(dir_a, sizeof dir_a, "%s", at("a"));
  snprintf(dir_b, sizeof dir_b, "%s", at("b"));
  w2n_preopen pa[] = {{dir_a, "data"}}, pb[] = {{dir_b, "data"}, {dir_a, "also"}};
  const char *ea[] = {"WHO=a"}, *eb[] = {"WHO=b", "ONLY_B=1"};
  const char *aa[] = {"first"}, *ab[] = {"second", "2"};
  w2n_config ca = {
      .num_preopens = 1, .preopens = pa, .num_env = 1, .env = ea, .num_args = 1, .args = aa};
  w2n_config cb = {
      .num_preopens = 2, .preopens = pb, .num_env = 2, .env = eb, .num_args = 2, .args = ab};
  wasilib_instance *a = make(&ca, "(c) instance a"), *b = make(&cb, "(c) instance b");
  wasilib_instance *none = make(NULL, "(c) an instance with nothing");
  if (!a || !b || !none) return;
  for (int round = 0; round < 2; round++) {
    read_is(a, "data", "a.txt", "in a\n", 0, "(c) a reads its own directory");
    read_is(b, "data", "b.txt", "in b\n", 0, "(c) b reads its own directory");
    read_is(a, "data", "b.txt", NULL, E_NOENT, "(c) a does not see b's directory");
    read_is(b, "also", "a.txt", "in a\n", 0, "(c) b's second preopen");
    read_is(a, "also", "a.txt", NULL, E_BADF, "(c) a has no second preopen");
    read_is(none, "data", "a.txt", NULL, E_BADF, "(c) the bare instance still has none");
    list_is(a, example_wasilib_probe_env, ea, 1, "(c) a's environment");
    list_is(b, example_wasilib_probe_env, eb, 2, "(c) b's environment");
    list_is(none, example_wasilib_probe_env, NULL, 0, "(c) the bare instance's environment");
    list_is(a, example_wasilib_probe_args, aa, 1, "(c) a's arguments");
    list_is(b, example_wasilib_probe_args, ab, 2, "(c) b's arguments");
  }
  wasilib_instance_free(a);
  read_is(b, "data", "b.txt", "in b\n", 0, "(c) b goes on after a is freed");
  wasilib_instance_free(b);
  wasilib_instance_free(none);
}

// ---- (d) Grants that cannot be honoured fail instantiation, with one line. ----
static void refused(const w2n_config *config, const char *want, const char *what) {
  w2n_error *err = NULL;
  wasilib_instance *inst = wasilib_instantiate(config, &err);
  const char *msg = err ? w2n_error_message(err) : "";
  int ok = !inst && err && strstr(msg, want) && !strchr(msg, '\n');
  if (!ok) fprintf(stderr, "  %s: '%s'\n", what, msg);
  check(ok, what);
  w2n_error_free(err);
  wasilib_instance_free(inst);
}

static void bad_grants(void) {
  char missing[4096], file[4096], dir_a[4096];
  snprintf(missing, sizeof missing, "%s", at("no-such-dir"));
  snprintf(file, sizeof file, "%s", at("secret.txt"));
  snprintf(dir_a, sizeof dir_a, "%s", at("a"));
  w2n_preopen p1[] = {{dir_a, "data"}, {missing, "gone"}};
  w2n_config c1 = {.num_preopens = 2, .preopens = p1};
  refused(&c1, missing, "(d) a missing directory names its path");
  w2n_preopen p2[] = {{file, "data"}};
  w2n_config c2 = {.num_preopens = 1, .preopens = p2};
  refused(&c2, file, "(d) a file as a directory names its path");
  const char *env[] = {"NO_VALUE"};
  w2n_config c3 = {.num_env = 1, .env = env};
  refused(&c3, "NO_VALUE", "(d) an environment entry without '='");
  w2n_config c4 = {.version = 7};
  refused(&c4, "version", "(d) an unknown config version");
  w2n_config c5 = {.stdio = {{W2N_STDIO_FD, 1000}}};
  refused(&c5, "stdio", "(d) a stdio fd that is not open");
}

// ---- (e) Freeing instances closes what they held (the guest's descriptors included). ----
static void no_fd_leaks(void) {
  char dir_a[4096];
  snprintf(dir_a, sizeof dir_a, "%s", at("a"));
  w2n_preopen pre[] = {{dir_a, "data"}};
  int out_fd = open("/dev/null", O_WRONLY);
  w2n_config config = {
      .num_preopens = 1, .preopens = pre, .stdio = {{0, 0}, {W2N_STDIO_FD, out_fd}, {0, 0}}};
  int before = open_fds();
  for (int i = 0; i < 50; i++) {
    wasilib_instance *inst = wasilib_instantiate(&config, NULL);
    if (!inst) break;
    read_is(inst, "data", "a.txt", "in a\n", 0, "(e) read in a short-lived instance");
    say(inst, "x");
    wasilib_instance_free(inst);
  }
  int after = open_fds();
  if (after != before) fprintf(stderr, "  open fds: %d before, %d after\n", before, after);
  check(after == before, "(e) 50 instances freed: no fd left open");
  close(out_fd);
}

// ---- (f) stdio answered by the host's callbacks. ----
typedef struct capture {
  char out[256];
  size_t out_len;
  int stream;     // the stream of the last write
  const char *in; // what stdin gives, 5 bytes at a time
  size_t in_pos;
  int reads;
} capture;

static int64_t cb_read(void *ctx, uint8_t *buf, size_t cap) {
  capture *c = ctx;
  c->reads++;
  size_t n = strlen(c->in + c->in_pos);
  if (n > 5) n = 5;
  if (n > cap) n = cap;
  memcpy(buf, c->in + c->in_pos, n);
  c->in_pos += n;
  return (int64_t)n;
}

static bool cb_write(void *ctx, int stream, const uint8_t *bytes, size_t len) {
  capture *c = ctx;
  if (c->out_len + len >= sizeof c->out) return false;
  memcpy(c->out + c->out_len, bytes, len);
  c->out_len += len;
  c->stream = stream;
  return true;
}

static int64_t cb_read_fails(void *ctx, uint8_t *buf, size_t cap) { return -1; }
static bool cb_write_fails(void *ctx, int stream, const uint8_t *bytes, size_t len) {
  return false;
}

static void callbacks(void) {
  capture c = {.in = "typed into the callback\n"};
  w2n_config config = {0};
  config.stdio[0] = (w2n_stdio){W2N_STDIO_CALLBACK, 0};
  config.stdio[1] = (w2n_stdio){W2N_STDIO_CALLBACK, 0};
  config.stdio_callbacks = (w2n_stdio_callbacks){&c, cb_read, cb_write};
  wasilib_instance *inst = make(&config, "(f) instantiate with stdio callbacks");
  if (!inst) return;
  check(say(inst, "to the callback\n") == 0, "(f) say succeeds");
  check(c.out_len == 16 && memcmp(c.out, "to the callback\n", 16) == 0,
        "(f) stdout went to the write callback");
  check(c.stream == 1, "(f) as stream 1");
  hear_is(inst, "typed into the callback\n", "(f) stdin is what the read callback gave");
  // 24 bytes 5 at a time: 5 reads with data, then the one that says the end.
  check(c.reads == 6, "(f) read in pieces, up to its end");
  wasilib_instance_free(inst);

  config.stdio_callbacks = (w2n_stdio_callbacks){&c, cb_read_fails, cb_write_fails};
  inst = make(&config, "(f) instantiate with failing callbacks");
  if (!inst) return;
  check(say(inst, "lost\n") == E_IO, "(f) a failing write callback: io");
  wasilib_result_string_u32_t r = {0};
  check(example_wasilib_probe_hear(inst, &r, NULL) && r.is_err && r.val.err == E_IO,
        "(f) a failing read callback: io");
  wasilib_instance_free(inst);

  w2n_config no_read = {.stdio = {{W2N_STDIO_CALLBACK, 0}}};
  refused(&no_read, "without a read callback", "(f) stdin callback kind without read");
  w2n_config no_write = {.stdio = {{0, 0}, {0, 0}, {W2N_STDIO_CALLBACK, 0}},
                         .stdio_callbacks = {NULL, cb_read, NULL}};
  refused(&no_write, "without a write callback", "(f) stderr callback kind without write");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: host SCRATCH-DIR\n");
    return 2;
  }
  scratch = argv[1];
  // The directories: a/ (a.txt, sub/deep.txt, escape -> ../secret.txt), b/ (b.txt), and
  // secret.txt beside them, which no instance may read.
  char path[4096];
  snprintf(path, sizeof path, "%s/a", scratch);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/a/sub", scratch);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/b", scratch);
  mkdir(path, 0755);
  write_file(at("a/a.txt"), "in a\n");
  write_file(at("a/sub/deep.txt"), "deep\n");
  write_file(at("b/b.txt"), "in b\n");
  write_file(at("secret.txt"), "secret\n");
  snprintf(path, sizeof path, "%s/a/escape", scratch);
  symlink("../secret.txt", path);

  nothing_granted(NULL, "(a) instantiate with a NULL config");
  w2n_config zero = {0};
  nothing_granted(&zero, "(a) instantiate with a zeroed config");
  granted();
  inherited();
  side_by_side();
  bad_grants();
  no_fd_leaks();
  callbacks();
  if (failures) return 1;
  printf("PASS %d checks\n", checks);
  return 0;
}
