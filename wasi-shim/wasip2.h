/* The WASI 0.2 host (for components): the C functions that a compiled component's `canon lower`ed
   WASI imports call (wasi-shim/wasip2_funcs.def lists them with their lowered core types), the
   host resource types, and w2n_wasip2_init, which the generated program main calls once before
   instantiating. Each function takes the lowering's canonical options first and then the flat
   core parameters of the lowered WIT function (w2n/canon.h); results that flatten to more than
   one core value are stored through the trailing `retptr` in the canonical ABI's memory layout.
   The capabilities are those of the capability context (wasi.h: an executable's from --dir,
   --env, --inherit-env; a library instance's from its w2n_config).
   Sources: wasip2_internal.h (shared declarations), _common (results, paths, writing), _errors
   (error-code, wasi:io/error), _streams / _output (wasi:io/streams), _poll, _clocks, _random,
   _env / _cli (wasi:cli), _fs_desc / _fs_meta / _fs_open / _fs_path / _fs_dir (wasi:filesystem
   types), _preopens (start-up, preopens), _bench (the `bench` hooks). Tests:
   test/runtime/wasip2.c (direct calls), test/runtime/wasip2_sigcheck.sh (the .def against
   wasm-tools), test/component-run (components against jco). */
#ifndef W2N_WASIP2_H
#define W2N_WASIP2_H

#include "w2n/canon.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Opens the executable's preopened directories (exits with status 1, as preview1 does, when a
   directory granted with --dir cannot be opened). Idempotent. */
void w2n_wasip2_init(void);

#define W2N_P2_RESOURCE(iface, name, sym) extern const w2n_resource_type __w2n_p2_res_##sym;
#define W2N_P2_FUNC(iface, name, sym, params, result)
#include "wasip2_funcs.def"
#undef W2N_P2_FUNC
#undef W2N_P2_RESOURCE

typedef const w2n_canon_opts w2n_p2_opts;

/* wasi:io */
void __w2n_p2_wasi_io_error_error_to_debug_string(w2n_p2_opts *o, uint32_t self, uint32_t ret);
uint32_t __w2n_p2_wasi_io_poll_pollable_ready(w2n_p2_opts *o, uint32_t self);
void __w2n_p2_wasi_io_poll_pollable_block(w2n_p2_opts *o, uint32_t self);
void __w2n_p2_wasi_io_poll_poll(w2n_p2_opts *o, uint32_t ptr, uint32_t len, uint32_t ret);
void __w2n_p2_wasi_io_streams_input_stream_read(w2n_p2_opts *o, uint32_t self, uint64_t len,
                                                uint32_t ret);
void __w2n_p2_wasi_io_streams_input_stream_blocking_read(w2n_p2_opts *o, uint32_t self,
                                                         uint64_t len, uint32_t ret);
void __w2n_p2_wasi_io_streams_input_stream_skip(w2n_p2_opts *o, uint32_t self, uint64_t len,
                                                uint32_t ret);
void __w2n_p2_wasi_io_streams_input_stream_blocking_skip(w2n_p2_opts *o, uint32_t self,
                                                         uint64_t len, uint32_t ret);
uint32_t __w2n_p2_wasi_io_streams_input_stream_subscribe(w2n_p2_opts *o, uint32_t self);
void __w2n_p2_wasi_io_streams_output_stream_check_write(w2n_p2_opts *o, uint32_t self,
                                                        uint32_t ret);
void __w2n_p2_wasi_io_streams_output_stream_write(w2n_p2_opts *o, uint32_t self, uint32_t ptr,
                                                  uint32_t len, uint32_t ret);
void __w2n_p2_wasi_io_streams_output_stream_blocking_write_and_flush(w2n_p2_opts *o,
                                                                     uint32_t self, uint32_t ptr,
                                                                     uint32_t len, uint32_t ret);
void __w2n_p2_wasi_io_streams_output_stream_flush(w2n_p2_opts *o, uint32_t self, uint32_t ret);
void __w2n_p2_wasi_io_streams_output_stream_blocking_flush(w2n_p2_opts *o, uint32_t self,
                                                           uint32_t ret);
uint32_t __w2n_p2_wasi_io_streams_output_stream_subscribe(w2n_p2_opts *o, uint32_t self);
void __w2n_p2_wasi_io_streams_output_stream_write_zeroes(w2n_p2_opts *o, uint32_t self,
                                                         uint64_t len, uint32_t ret);
void __w2n_p2_wasi_io_streams_output_stream_blocking_write_zeroes_and_flush(w2n_p2_opts *o,
                                                                            uint32_t self,
                                                                            uint64_t len,
                                                                            uint32_t ret);
void __w2n_p2_wasi_io_streams_output_stream_splice(w2n_p2_opts *o, uint32_t self, uint32_t src,
                                                   uint64_t len, uint32_t ret);
void __w2n_p2_wasi_io_streams_output_stream_blocking_splice(w2n_p2_opts *o, uint32_t self,
                                                            uint32_t src, uint64_t len,
                                                            uint32_t ret);

/* wasi:clocks */
uint64_t __w2n_p2_wasi_clocks_monotonic_clock_now(w2n_p2_opts *o);
uint64_t __w2n_p2_wasi_clocks_monotonic_clock_resolution(w2n_p2_opts *o);
uint32_t __w2n_p2_wasi_clocks_monotonic_clock_subscribe_instant(w2n_p2_opts *o, uint64_t when);
uint32_t __w2n_p2_wasi_clocks_monotonic_clock_subscribe_duration(w2n_p2_opts *o, uint64_t when);
void __w2n_p2_wasi_clocks_wall_clock_now(w2n_p2_opts *o, uint32_t ret);
void __w2n_p2_wasi_clocks_wall_clock_resolution(w2n_p2_opts *o, uint32_t ret);

/* wasi:random */
void __w2n_p2_wasi_random_random_get_random_bytes(w2n_p2_opts *o, uint64_t len, uint32_t ret);
uint64_t __w2n_p2_wasi_random_random_get_random_u64(w2n_p2_opts *o);
void __w2n_p2_wasi_random_insecure_get_insecure_random_bytes(w2n_p2_opts *o, uint64_t len,
                                                             uint32_t ret);
uint64_t __w2n_p2_wasi_random_insecure_get_insecure_random_u64(w2n_p2_opts *o);
void __w2n_p2_wasi_random_insecure_seed_insecure_seed(w2n_p2_opts *o, uint32_t ret);

/* wasi:cli */
void __w2n_p2_wasi_cli_environment_get_environment(w2n_p2_opts *o, uint32_t ret);
void __w2n_p2_wasi_cli_environment_get_arguments(w2n_p2_opts *o, uint32_t ret);
void __w2n_p2_wasi_cli_environment_initial_cwd(w2n_p2_opts *o, uint32_t ret);
void __w2n_p2_wasi_cli_exit_exit(w2n_p2_opts *o, uint32_t status);
void __w2n_p2_wasi_cli_exit_exit_with_code(w2n_p2_opts *o, uint32_t code);
uint32_t __w2n_p2_wasi_cli_stdin_get_stdin(w2n_p2_opts *o);
uint32_t __w2n_p2_wasi_cli_stdout_get_stdout(w2n_p2_opts *o);
uint32_t __w2n_p2_wasi_cli_stderr_get_stderr(w2n_p2_opts *o);
void __w2n_p2_wasi_cli_terminal_stdin_get_terminal_stdin(w2n_p2_opts *o, uint32_t ret);
void __w2n_p2_wasi_cli_terminal_stdout_get_terminal_stdout(w2n_p2_opts *o, uint32_t ret);
void __w2n_p2_wasi_cli_terminal_stderr_get_terminal_stderr(w2n_p2_opts *o, uint32_t ret);

/* wasi:filesystem */
void __w2n_p2_wasi_filesystem_types_descriptor_read_via_stream(w2n_p2_opts *o, uint32_t self,
                                                               uint64_t offset, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_write_via_stream(w2n_p2_opts *o, uint32_t self,
                                                                uint64_t offset, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_append_via_stream(w2n_p2_opts *o, uint32_t self,
                                                                 uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_advise(w2n_p2_opts *o, uint32_t self,
                                                      uint64_t offset, uint64_t length,
                                                      uint32_t advice, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_sync_data(w2n_p2_opts *o, uint32_t self,
                                                         uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_get_flags(w2n_p2_opts *o, uint32_t self,
                                                         uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_get_type(w2n_p2_opts *o, uint32_t self,
                                                        uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_set_size(w2n_p2_opts *o, uint32_t self,
                                                        uint64_t size, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_set_times(w2n_p2_opts *o, uint32_t self,
                                                         uint32_t atim_kind, uint64_t atim_sec,
                                                         uint32_t atim_nsec, uint32_t mtim_kind,
                                                         uint64_t mtim_sec, uint32_t mtim_nsec,
                                                         uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_read(w2n_p2_opts *o, uint32_t self,
                                                    uint64_t length, uint64_t offset,
                                                    uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_write(w2n_p2_opts *o, uint32_t self, uint32_t ptr,
                                                     uint32_t len, uint64_t offset, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_read_directory(w2n_p2_opts *o, uint32_t self,
                                                              uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_sync(w2n_p2_opts *o, uint32_t self, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_create_directory_at(w2n_p2_opts *o, uint32_t self,
                                                                   uint32_t ptr, uint32_t len,
                                                                   uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_stat(w2n_p2_opts *o, uint32_t self, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_stat_at(w2n_p2_opts *o, uint32_t self,
                                                       uint32_t path_flags, uint32_t ptr,
                                                       uint32_t len, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_set_times_at(
    w2n_p2_opts *o, uint32_t self, uint32_t path_flags, uint32_t ptr, uint32_t len,
    uint32_t atim_kind, uint64_t atim_sec, uint32_t atim_nsec, uint32_t mtim_kind,
    uint64_t mtim_sec, uint32_t mtim_nsec, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_link_at(w2n_p2_opts *o, uint32_t self,
                                                       uint32_t old_flags, uint32_t old_ptr,
                                                       uint32_t old_len, uint32_t new_desc,
                                                       uint32_t new_ptr, uint32_t new_len,
                                                       uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_open_at(w2n_p2_opts *o, uint32_t self,
                                                       uint32_t path_flags, uint32_t ptr,
                                                       uint32_t len, uint32_t open_flags,
                                                       uint32_t flags, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_readlink_at(w2n_p2_opts *o, uint32_t self,
                                                           uint32_t ptr, uint32_t len,
                                                           uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_remove_directory_at(w2n_p2_opts *o, uint32_t self,
                                                                   uint32_t ptr, uint32_t len,
                                                                   uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_rename_at(w2n_p2_opts *o, uint32_t self,
                                                         uint32_t old_ptr, uint32_t old_len,
                                                         uint32_t new_desc, uint32_t new_ptr,
                                                         uint32_t new_len, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_symlink_at(w2n_p2_opts *o, uint32_t self,
                                                          uint32_t old_ptr, uint32_t old_len,
                                                          uint32_t new_ptr, uint32_t new_len,
                                                          uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_unlink_file_at(w2n_p2_opts *o, uint32_t self,
                                                              uint32_t ptr, uint32_t len,
                                                              uint32_t ret);
uint32_t __w2n_p2_wasi_filesystem_types_descriptor_is_same_object(w2n_p2_opts *o, uint32_t self,
                                                                  uint32_t other);
void __w2n_p2_wasi_filesystem_types_descriptor_metadata_hash(w2n_p2_opts *o, uint32_t self,
                                                             uint32_t ret);
void __w2n_p2_wasi_filesystem_types_descriptor_metadata_hash_at(w2n_p2_opts *o, uint32_t self,
                                                                uint32_t path_flags, uint32_t ptr,
                                                                uint32_t len, uint32_t ret);
void __w2n_p2_wasi_filesystem_types_directory_entry_stream_read_directory_entry(w2n_p2_opts *o,
                                                                                uint32_t self,
                                                                                uint32_t ret);
void __w2n_p2_wasi_filesystem_types_filesystem_error_code(w2n_p2_opts *o, uint32_t err,
                                                          uint32_t ret);
void __w2n_p2_wasi_filesystem_preopens_get_directories(w2n_p2_opts *o, uint32_t ret);

/* bench */
void __w2n_p2_bench_start(w2n_p2_opts *o);
void __w2n_p2_bench_end(w2n_p2_opts *o);

#ifdef __cplusplus
}
#endif

#endif
