/* wasi:cli exit, stdin/stdout/stderr and the terminal interfaces. The stdio streams are the host
   fds of the capability context (wasi.h; an executable's are the process's 0, 1 and 2), never
   closed by a stream; where the context has none, stdin is empty and output is discarded. A
   terminal-* resource is offered only for a stdio fd that is a terminal (its rep is the fd; the
   resources have no methods). */
#include "wasip2_internal.h"

/* An executable ends; a library must not end its host's process: the call fails (as a trap
   does, and the instance cannot be entered again). */
static void exit_with(int status) {
#ifdef W2N_LIBRARY
  w2n_canon_trap("the component called wasi:cli/exit with status", (uint64_t)status);
#else
  w2n_exit(status);
#endif
}

/* exit: func(status: result) -- ok: status 0, err: status 1 */
void __w2n_p2_wasi_cli_exit_exit(w2n_p2_opts *o, uint32_t status) {
  if (status > 1) w2n_canon_trap("invalid variant discriminant for `result`", UINT64_MAX);
  exit_with((int)status);
}

/* exit-with-code: func(status-code: u8) */
void __w2n_p2_wasi_cli_exit_exit_with_code(w2n_p2_opts *o, uint32_t code) {
  exit_with((int)(code & 0xff));
}

static uint32_t stdio_stream(w2n_p2_opts *o, int which) {
  int fd = w2n_wasi_ctx_current()->stdio[which];
  if (fd == W2N_WASI_STDIO_CALLBACK)
    return w2n_p2_new_stream(o, which != 0, which, P2_STREAM_CALLBACK, 0);
  return w2n_p2_new_stream(o, which != 0, fd, fd < 0 ? P2_STREAM_NONE : P2_STREAM_STDIO, 0);
}

/* get-stdin: func() -> own<input-stream> */
uint32_t __w2n_p2_wasi_cli_stdin_get_stdin(w2n_p2_opts *o) { return stdio_stream(o, 0); }

/* get-stdout: func() -> own<output-stream> */
uint32_t __w2n_p2_wasi_cli_stdout_get_stdout(w2n_p2_opts *o) { return stdio_stream(o, 1); }

/* get-stderr: func() -> own<output-stream> */
uint32_t __w2n_p2_wasi_cli_stderr_get_stderr(w2n_p2_opts *o) { return stdio_stream(o, 2); }

const w2n_resource_type __w2n_p2_res_wasi_cli_terminal_input_terminal_input = {
    .name = "wasi:cli/terminal-input.terminal-input"};
const w2n_resource_type __w2n_p2_res_wasi_cli_terminal_output_terminal_output = {
    .name = "wasi:cli/terminal-output.terminal-output"};

/* option<own<terminal-*>>: tag at 0, handle at 4. */
static void terminal(w2n_p2_opts *o, uint32_t ret, int which, const w2n_resource_type *type) {
  uint8_t *p = w2n_canon_mem(o, ret, 8, 4);
  int fd = w2n_wasi_ctx_current()->stdio[which];
  if (fd < 0 || !w2n_p2_is_tty(fd)) {
    p[0] = 0;
    return;
  }
  uint32_t h = w2n_handle_new_own(o->instance, type, (uint64_t)fd + 1);
  p[0] = 1;
  w2n_wasi_store_u32(p + 4, h);
}

/* get-terminal-stdin: func() -> option<own<terminal-input>> */
void __w2n_p2_wasi_cli_terminal_stdin_get_terminal_stdin(w2n_p2_opts *o, uint32_t ret) {
  terminal(o, ret, 0, P2_RES(wasi_cli_terminal_input_terminal_input));
}

/* get-terminal-stdout: func() -> option<own<terminal-output>> */
void __w2n_p2_wasi_cli_terminal_stdout_get_terminal_stdout(w2n_p2_opts *o, uint32_t ret) {
  terminal(o, ret, 1, P2_RES(wasi_cli_terminal_output_terminal_output));
}

/* get-terminal-stderr: func() -> option<own<terminal-output>> */
void __w2n_p2_wasi_cli_terminal_stderr_get_terminal_stderr(w2n_p2_opts *o, uint32_t ret) {
  terminal(o, ret, 2, P2_RES(wasi_cli_terminal_output_terminal_output));
}
