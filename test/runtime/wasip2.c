/* The WASI 0.2 host (wasi-shim/wasip2_*.c), called as compiled components call it: each
   __w2n_p2_* function with the canonical options of a fake instance (a linear memory and a bump
   realloc) and the flat parameters of the lowered WIT function, results read back from guest
   memory in the canonical ABI layout. The build grants /tmp (as guest "/tmp") and FOO=bar; the
   test works in a fresh directory below /tmp and removes it again. Arguments: wasip2.args. */
#include "rt_test.h"
#include "wasi.h"
#include "wasip2.h"

void w2n_handle_drop(w2n_cinstance *inst, uint32_t index, const w2n_resource_type *type);
uint32_t w2n_p2_new_error(const w2n_canon_opts *o, long linux_errno);

static const char *const preopen_host[] = {"/tmp"};
static const char *const preopen_guest[] = {"/tmp"};
static const char *const env[] = {"FOO=bar"};
const w2n_wasi_config __w2n_wasi_config = {W2N_WASI_CONFIG_VERSION, 0, 1, 1, preopen_host,
                                           preopen_guest, env};

static w2n_cinstance inst;
static w2n_canon_opts opts;
static w2n_funcref realloc_ref;
static uint32_t bump = 0x10000;
static uint32_t realloc_calls;
#define O (&opts)
#define RET 0x100 /* where results go */
#define ARG 0x800 /* where arguments go */

static uint32_t realloc_code(void *vmctx, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                             uint32_t new_size) {
  bump = (bump + align - 1) & ~(align - 1);
  uint32_t p = bump;
  bump += new_size;
  realloc_calls++;
  return p;
}

static uint8_t *m(uint32_t a) { return opts.memory->base + a; }
static uint8_t u8(uint32_t a) { return *m(a); }
static uint32_t u32(uint32_t a) {
  uint8_t *p = m(a);
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t u64(uint32_t a) { return u32(a) | (uint64_t)u32(a + 4) << 32; }

/* Puts a string at ARG + off; returns its address. */
static uint32_t put(uint32_t off, const char *s) {
  for (size_t i = 0; s[i]; i++)
    *m(ARG + off + i) = (uint8_t)s[i];
  return ARG + off;
}
#define S(off, s) put(off, s), (uint32_t)t_strlen(s)

/* Does the guest string (ptr, len) at address a equal s? */
static bool str_at(uint32_t a, const char *s) {
  uint32_t ptr = u32(a), len = u32(a + 4);
  if (len != t_strlen(s)) return false;
  for (uint32_t i = 0; i < len; i++)
    if (u8(ptr + i) != (uint8_t)s[i]) return false;
  return true;
}

/* result<_, error-code> at RET: 0 for ok, else 1000 + the error code. */
static uint32_t unit(void) { return u8(RET) ? 1000 + u8(RET + 1) : 0; }

#define DESC(h) (&__w2n_p2_res_wasi_filesystem_types_descriptor)

static uint32_t open_at(uint32_t dir, uint32_t pflags, const char *path, uint32_t oflags,
                        uint32_t flags) {
  __w2n_p2_wasi_filesystem_types_descriptor_open_at(O, dir, pflags, S(0, path), oflags, flags, RET);
  return u8(RET) ? 1000 + u8(RET + 4) : u32(RET + 4);
}

int __w2n_program_main(void) {
  inst.may_leave = inst.may_enter = 1;
  opts.memory = __w2n_memory_new(4, 0, 0);
  opts.realloc = &realloc_ref;
  opts.instance = &inst;
  realloc_ref.code = (void *)realloc_code;
  w2n_wasip2_init();

  /* ---- wasi:cli ---- */
  __w2n_p2_wasi_cli_environment_get_arguments(O, RET);
  CHECK(u32(RET + 4) == 3);
  CHECK(str_at(u32(RET) + 8, "one"));
  CHECK(str_at(u32(RET) + 16, "two"));
  __w2n_p2_wasi_cli_environment_get_environment(O, RET);
  CHECK(u32(RET + 4) == 1);
  CHECK(str_at(u32(RET), "FOO") && str_at(u32(RET) + 8, "bar"));
  __w2n_p2_wasi_cli_environment_initial_cwd(O, RET);
  CHECK(u8(RET) == 0);
  __w2n_p2_wasi_cli_terminal_stdout_get_terminal_stdout(O, RET);
  CHECK(u8(RET) == 0); /* run.sh redirects stdout to a file */

  uint32_t out = __w2n_p2_wasi_cli_stdout_get_stdout(O);
  __w2n_p2_wasi_io_streams_output_stream_check_write(O, out, RET);
  CHECK(u8(RET) == 0 && u64(RET + 8) > 0);
  __w2n_p2_wasi_io_streams_output_stream_blocking_write_and_flush(O, out, S(0, "hello from p2\n"),
                                                                  RET);
  CHECK(u8(RET) == 0);
  __w2n_p2_wasi_io_streams_output_stream_write_zeroes(O, out, 0, RET);
  CHECK(u8(RET) == 0);
  w2n_handle_drop(&inst, out, &__w2n_p2_res_wasi_io_streams_output_stream);

  /* stdin is /dev/null: end of stream at once */
  uint32_t in = __w2n_p2_wasi_cli_stdin_get_stdin(O);
  __w2n_p2_wasi_io_streams_input_stream_blocking_read(O, in, 10, RET);
  CHECK(u8(RET) == 1 && u8(RET + 4) == 1); /* err(closed) */
  w2n_handle_drop(&inst, in, &__w2n_p2_res_wasi_io_streams_input_stream);

  /* ---- wasi:io/error ---- */
  uint32_t e = w2n_p2_new_error(O, 9);
  __w2n_p2_wasi_io_error_error_to_debug_string(O, e, RET);
  CHECK(str_at(RET, "bad-descriptor (Linux errno 9)"));
  __w2n_p2_wasi_filesystem_types_filesystem_error_code(O, e, RET);
  CHECK(u8(RET) == 1 && u8(RET + 1) == 3);
  w2n_handle_drop(&inst, e, &__w2n_p2_res_wasi_io_error_error);

  /* ---- clocks, random, poll ---- */
  uint64_t t0 = __w2n_p2_wasi_clocks_monotonic_clock_now(O);
  CHECK(__w2n_p2_wasi_clocks_monotonic_clock_resolution(O) > 0);
  __w2n_p2_wasi_clocks_wall_clock_now(O, RET);
  CHECK(u64(RET) > 1600000000u && u32(RET + 8) < 1000000000u);
  uint32_t p = __w2n_p2_wasi_clocks_monotonic_clock_subscribe_duration(O, 2000000);
  uint32_t ready = __w2n_p2_wasi_clocks_monotonic_clock_subscribe_instant(O, 0);
  CHECK(__w2n_p2_wasi_io_poll_pollable_ready(O, ready) == 1);
  *(uint32_t *)m(ARG) = p;
  __w2n_p2_wasi_io_poll_poll(O, ARG, 1, RET);
  CHECK(u32(RET + 4) == 1 && u32(u32(RET)) == 0);
  CHECK(__w2n_p2_wasi_clocks_monotonic_clock_now(O) - t0 >= 2000000);
  CHECK(__w2n_p2_wasi_io_poll_pollable_ready(O, p) == 1);
  *(uint32_t *)m(ARG + 4) = ready;
  __w2n_p2_wasi_io_poll_poll(O, ARG, 2, RET);
  CHECK(u32(RET + 4) == 2);
  w2n_handle_drop(&inst, p, &__w2n_p2_res_wasi_io_poll_pollable);
  w2n_handle_drop(&inst, ready, &__w2n_p2_res_wasi_io_poll_pollable);
  uint32_t calls = realloc_calls;
  __w2n_p2_wasi_random_random_get_random_bytes(O, 0, RET);
  CHECK(u32(RET + 4) == 0 && realloc_calls == calls + 1); /* realloc even when empty */
  __w2n_p2_wasi_random_random_get_random_bytes(O, 32, RET);
  CHECK(u32(RET + 4) == 32);
  __w2n_p2_wasi_random_insecure_seed_insecure_seed(O, RET);
  uint64_t seed = u64(RET);
  __w2n_p2_wasi_random_insecure_seed_insecure_seed(O, RET);
  CHECK(u64(RET) == seed);

  /* ---- wasi:filesystem ---- */
  __w2n_p2_wasi_filesystem_preopens_get_directories(O, RET);
  CHECK(u32(RET + 4) == 1);
  uint32_t root = u32(u32(RET));
  CHECK(str_at(u32(RET) + 4, "/tmp"));
  char name[32] = "w2n-wasip2-";
  uint64_t r = __w2n_p2_wasi_random_random_get_random_u64(O);
  for (int i = 0; i < 16; i++)
    name[11 + i] = "0123456789abcdef"[(r >> (4 * i)) & 15];
  name[27] = 0;
  __w2n_p2_wasi_filesystem_types_descriptor_create_directory_at(O, root, S(0, name), RET);
  CHECK(unit() == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_create_directory_at(O, root, S(0, name), RET);
  CHECK(unit() == 1000 + 7); /* exist */
  uint32_t dir = open_at(root, 0, name, 2 /* directory */, 1 | 32);
  CHECK(dir < 1000);
  __w2n_p2_wasi_filesystem_types_descriptor_get_flags(O, dir, RET);
  CHECK(u8(RET) == 0 && u8(RET + 1) == (1 | 32));
  CHECK(open_at(dir, 0, "missing", 0, 1) == 1000 + 20);    /* no-entry */
  CHECK(open_at(dir, 0, "../../etc/passwd", 0, 1) == 1000 + 31); /* not-permitted */
  CHECK(open_at(dir, 0, "/etc/passwd", 0, 1) == 1000 + 31);
  CHECK(open_at(dir, 0, "x", 1 | 2, 1) == 1000 + 12); /* create + directory: invalid */
  uint32_t f = open_at(dir, 0, "f.txt", 1 /* create */, 1 | 2);
  CHECK(f < 1000);
  CHECK(open_at(f, 0, "x", 0, 1) == 1000 + 24); /* not-directory */

  __w2n_p2_wasi_filesystem_types_descriptor_write(O, f, S(0, "hello world"), 0, RET);
  CHECK(u8(RET) == 0 && u64(RET + 8) == 11);
  __w2n_p2_wasi_filesystem_types_descriptor_read(O, f, 100, 0, RET);
  CHECK(u8(RET) == 0 && str_at(RET + 4, "hello world") && u8(RET + 12) == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_read(O, f, 100, 11, RET);
  CHECK(u8(RET) == 0 && u32(RET + 8) == 0 && u8(RET + 12) == 1);
  __w2n_p2_wasi_filesystem_types_descriptor_write_via_stream(O, f, 5, RET);
  CHECK(u8(RET) == 0);
  uint32_t ws = u32(RET + 4);
  __w2n_p2_wasi_io_streams_output_stream_write(O, ws, S(0, ", big"), RET);
  CHECK(u8(RET) == 0);
  __w2n_p2_wasi_io_streams_output_stream_write(O, ws, S(0, " world"), RET);
  CHECK(u8(RET) == 0);
  __w2n_p2_wasi_io_streams_output_stream_blocking_flush(O, ws, RET);
  CHECK(u8(RET) == 0);
  w2n_handle_drop(&inst, ws, &__w2n_p2_res_wasi_io_streams_output_stream);
  __w2n_p2_wasi_filesystem_types_descriptor_append_via_stream(O, f, RET);
  CHECK(u8(RET) == 0);
  ws = u32(RET + 4);
  __w2n_p2_wasi_io_streams_output_stream_write(O, ws, S(0, "!"), RET);
  CHECK(u8(RET) == 0);
  w2n_handle_drop(&inst, ws, &__w2n_p2_res_wasi_io_streams_output_stream);
  __w2n_p2_wasi_filesystem_types_descriptor_read_via_stream(O, f, 0, RET);
  CHECK(u8(RET) == 0);
  uint32_t rs = u32(RET + 4);
  __w2n_p2_wasi_io_streams_input_stream_blocking_read(O, rs, 100, RET);
  CHECK(u8(RET) == 0 && str_at(RET + 4, "hello, big world!"));
  __w2n_p2_wasi_io_streams_input_stream_read(O, rs, 100, RET);
  CHECK(u8(RET) == 1 && u8(RET + 4) == 1); /* closed */
  uint32_t ps = __w2n_p2_wasi_io_streams_input_stream_subscribe(O, rs);
  __w2n_p2_wasi_io_poll_pollable_block(O, ps);
  w2n_handle_drop(&inst, ps, &__w2n_p2_res_wasi_io_poll_pollable);
  w2n_handle_drop(&inst, rs, &__w2n_p2_res_wasi_io_streams_input_stream);

  __w2n_p2_wasi_filesystem_types_descriptor_stat(O, f, RET);
  CHECK(u8(RET) == 0 && u8(RET + 8) == 6 && u64(RET + 16) == 1 && u64(RET + 24) == 17);
  CHECK(u8(RET + 32) == 1 && u8(RET + 56) == 1 && u8(RET + 80) == 1);
  __w2n_p2_wasi_filesystem_types_descriptor_get_type(O, f, RET);
  CHECK(u8(RET) == 0 && u8(RET + 1) == 6);
  __w2n_p2_wasi_filesystem_types_descriptor_get_flags(O, f, RET);
  CHECK(u8(RET) == 0 && u8(RET + 1) == 3);
  __w2n_p2_wasi_filesystem_types_descriptor_set_times(O, f, 2, 1000, 5, 2, 2000, 7, RET);
  CHECK(unit() == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_stat_at(O, dir, 0, S(0, "f.txt"), RET);
  CHECK(u8(RET) == 0 && u64(RET + 24) == 17 && u64(RET + 40) == 1000 && u32(RET + 48) == 5);
  CHECK(u64(RET + 64) == 2000 && u32(RET + 72) == 7);
  __w2n_p2_wasi_filesystem_types_descriptor_set_size(O, f, 5, RET);
  CHECK(unit() == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_stat_at(O, root, 0, S(0, "../tmp"), RET);
  CHECK(u8(RET) == 1 && u8(RET + 8) == 31);
  __w2n_p2_wasi_filesystem_types_descriptor_advise(O, f, 0, 0, 1, RET);
  CHECK(unit() == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_sync(O, f, RET);
  CHECK(unit() == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_read_via_stream(O, dir, 0, RET);
  CHECK(u8(RET) == 1 && u8(RET + 4) == 3); /* bad-descriptor */

  /* links, renames, metadata */
  __w2n_p2_wasi_filesystem_types_descriptor_symlink_at(O, dir, S(0, "f.txt"), S(64, "link"), RET);
  CHECK(unit() == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_symlink_at(O, dir, S(0, "/etc"), S(64, "abs"), RET);
  CHECK(unit() == 1000 + 31);
  __w2n_p2_wasi_filesystem_types_descriptor_readlink_at(O, dir, S(0, "link"), RET);
  CHECK(u8(RET) == 0 && str_at(RET + 4, "f.txt"));
  __w2n_p2_wasi_filesystem_types_descriptor_stat_at(O, dir, 0, S(0, "link"), RET);
  CHECK(u8(RET) == 0 && u8(RET + 8) == 5);
  __w2n_p2_wasi_filesystem_types_descriptor_stat_at(O, dir, 1, S(0, "link"), RET);
  CHECK(u8(RET) == 0 && u8(RET + 8) == 6 && u64(RET + 24) == 5);
  __w2n_p2_wasi_filesystem_types_descriptor_rename_at(O, dir, S(0, "f.txt"), dir, S(64, "g.txt"),
                                                      RET);
  CHECK(unit() == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_link_at(O, dir, 0, S(0, "g.txt"), dir, S(64, "h.txt"),
                                                    RET);
  CHECK(unit() == 0);
  uint32_t h = open_at(dir, 0, "h.txt", 0, 1);
  CHECK(h < 1000);
  CHECK(__w2n_p2_wasi_filesystem_types_descriptor_is_same_object(O, f, h) == 1);
  CHECK(__w2n_p2_wasi_filesystem_types_descriptor_is_same_object(O, f, dir) == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_metadata_hash(O, f, RET);
  uint64_t lo = u64(RET + 8), hi = u64(RET + 16);
  __w2n_p2_wasi_filesystem_types_descriptor_metadata_hash_at(O, dir, 0, S(0, "h.txt"), RET);
  CHECK(u8(RET) == 0 && u64(RET + 8) == lo && u64(RET + 16) == hi);
  __w2n_p2_wasi_filesystem_types_descriptor_metadata_hash(O, dir, RET);
  CHECK(u64(RET + 8) != lo);
  w2n_handle_drop(&inst, h, DESC(h));
  w2n_handle_drop(&inst, f, DESC(f));

  /* directory listing: g.txt, h.txt, link (no "." or "..") */
  __w2n_p2_wasi_filesystem_types_descriptor_read_directory(O, dir, RET);
  CHECK(u8(RET) == 0);
  uint32_t ds = u32(RET + 4), seen = 0, entries = 0;
  for (int i = 0; i < 10; i++) {
    __w2n_p2_wasi_filesystem_types_directory_entry_stream_read_directory_entry(O, ds, RET);
    CHECK(u8(RET) == 0);
    if (u8(RET + 4) == 0) break;
    entries++;
    if (str_at(RET + 12, "g.txt") && u8(RET + 8) == 6) seen |= 1;
    if (str_at(RET + 12, "h.txt") && u8(RET + 8) == 6) seen |= 2;
    if (str_at(RET + 12, "link") && u8(RET + 8) == 5) seen |= 4;
  }
  CHECK(entries == 3 && seen == 7);
  w2n_handle_drop(&inst, ds, &__w2n_p2_res_wasi_filesystem_types_directory_entry_stream);

  /* clean up */
  __w2n_p2_wasi_filesystem_types_descriptor_remove_directory_at(O, root, S(0, name), RET);
  CHECK(unit() == 1000 + 25); /* not-empty */
  __w2n_p2_wasi_filesystem_types_descriptor_unlink_file_at(O, dir, S(0, "g.txt"), RET);
  CHECK(unit() == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_unlink_file_at(O, dir, S(0, "h.txt"), RET);
  CHECK(unit() == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_unlink_file_at(O, dir, S(0, "link"), RET);
  CHECK(unit() == 0);
  __w2n_p2_wasi_filesystem_types_descriptor_unlink_file_at(O, dir, S(0, "link"), RET);
  CHECK(unit() == 1000 + 20);
  w2n_handle_drop(&inst, dir, DESC(dir));
  __w2n_p2_wasi_filesystem_types_descriptor_remove_directory_at(O, root, S(0, name), RET);
  CHECK(unit() == 0);
  w2n_handle_drop(&inst, root, DESC(root));

  if (t_failures) return 1;
  t_put("PASS\n");
  __w2n_p2_wasi_cli_exit_exit(O, 0); /* ok: status 0 */
  return 3;
}
