/* Trap delivery. With a trap catcher active (the script driver), a trap unwinds to it and the
   instances stay usable; otherwise the process prints "wasm trap: <message>" and a backtrace of
   Wasm function names on stderr and exits with status 134 (W2N_EXIT_TRAP, as README.md says). */
#include "rt.h"
#include "w2n/canon.h"

W2N_THREAD w2n_trap_catcher *w2n_active_catcher;

static const char *const messages[] = {
#define W2N_TRAP(name, code, message) [code] = message,
#include "w2n/trap_codes.def"
#undef W2N_TRAP
};

/* The message of the last W2N_TRAP_CANON trap (w2n_canon_trap), per thread. */
static W2N_THREAD char detail[256];

const char *w2n_trap_detail(void) { return detail; }

const char *w2n_trap_message(uint32_t code) {
  if (code == W2N_TRAP_CANON && detail[0]) return detail;
  if (code < sizeof messages / sizeof messages[0] && messages[code]) return messages[code];
  return "unknown trap";
}

__attribute__((noreturn)) static void deliver(uint32_t code, uintptr_t pc, uintptr_t fp) {
  w2n_trap_catcher *catcher = w2n_active_catcher;
  if (catcher) {
    w2n_active_catcher = catcher->prev;
    catcher->code = code;
    w2n_longjmp(catcher->buf, 1);
  }
  w2n_out out;
  out.fd = 2;
  out.len = 0;
  w2n_out_str(&out, "wasm trap: ");
  w2n_out_str(&out, w2n_trap_message(code));
  w2n_out_char(&out, '\n');
  w2n_out_flush(&out);
  w2n_print_backtrace(2, pc, fp);
  w2n_exit(W2N_EXIT_TRAP);
}

__attribute__((noinline)) void __w2n_trap(uint32_t code) {
  deliver(code, 0, (uintptr_t)__builtin_frame_address(0));
}

__attribute__((noinline)) void w2n_canon_trap(const char *message, uint64_t number) {
  size_t n = 0;
  for (; message[n] && n < sizeof detail - 24; ++n)
    detail[n] = message[n];
  if (number != UINT64_MAX) {
    char digits[21];
    int d = 0;
    do {
      digits[d++] = (char)('0' + number % 10);
      number /= 10;
    } while (number);
    detail[n++] = ' ';
    while (d)
      detail[n++] = digits[--d];
  }
  detail[n] = 0;
  deliver(W2N_TRAP_CANON, 0, (uintptr_t)__builtin_frame_address(0));
}

void w2n_trap_from_signal(uint32_t code, uintptr_t pc, uintptr_t fp) { deliver(code, pc, fp); }

uint32_t w2n_call_catching(void (*fn)(void *), void *arg) {
  w2n_trap_catcher catcher;
  catcher.prev = w2n_active_catcher;
  catcher.code = 0;
  /* A trap skips the code that unlinks try_table handlers: drop those it abandoned. */
  struct w2n_exn_handler *handlers = __w2n_exn_head;
  if (w2n_setjmp(catcher.buf) != 0) { /* deliver() already popped it */
    __w2n_exn_head = handlers;
    return catcher.code;
  }
  w2n_active_catcher = &catcher;
  fn(arg);
  w2n_active_catcher = catcher.prev;
  return W2N_NO_TRAP;
}

void w2n_fatal(const char *message) {
  w2n_out out;
  out.fd = 2;
  out.len = 0;
  w2n_out_str(&out, "wasm2native runtime: fatal error: ");
  w2n_out_str(&out, message);
  w2n_out_char(&out, '\n');
  w2n_out_flush(&out);
  w2n_exit(W2N_EXIT_FATAL);
}
