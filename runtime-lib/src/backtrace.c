/* Trap backtraces: the registry of modules (w2n_register_module) whose func_names tables map code
   addresses to Wasm function names, and the walk of the frame-pointer chain (compiled code keeps
   frame pointers; on x86-64 and AArch64 alike a frame record is {saved fp, return address}).
   An address maps to the nearest preceding function start; runtime code (the w2n_rt_text section)
   and __w2n_program_main are excluded so their frames are not mistaken for Wasm functions. */
#include "rt.h"

#define W2N_MAX_MODULES 1024
#define W2N_MAX_PRINTED 64
#define W2N_MAX_WALKED 4096

/* Hidden: in a shared library these linker-made bounds must not be exported (or interposed). */
extern const char __start_w2n_rt_text[] __attribute__((visibility("hidden")));
extern const char __stop_w2n_rt_text[] __attribute__((visibility("hidden")));

static const w2n_module_desc *modules[W2N_MAX_MODULES];
static uint32_t module_count;

static w2n_lock modules_lock;

/* Readers (backtraces) may run while another thread registers: the count is published after
   the slot is written. */
void w2n_register_module(const w2n_module_desc *desc) {
  w2n_lock_acquire(&modules_lock);
  uint32_t n = module_count, i = 0;
  while (i < n && modules[i] != desc)
    i++;
  if (i == n && n < W2N_MAX_MODULES) {
    modules[n] = desc;
    __atomic_store_n(&module_count, n + 1, __ATOMIC_RELEASE);
  }
  w2n_lock_release(&modules_lock);
}

/* The Wasm function containing addr, or 0 (runtime code, program main, unknown). */
static const char *function_at(uintptr_t addr) {
  if (addr >= (uintptr_t)__start_w2n_rt_text && addr < (uintptr_t)__stop_w2n_rt_text) return 0;
#ifdef W2N_LIBRARY
  uintptr_t best = 0; /* a library has no program main */
#else
  uintptr_t best = (uintptr_t)(void *)__w2n_program_main;
#endif
  const char *name = 0;
  if (best > addr) best = 0;
  for (uint32_t m = 0; m < module_count; m++) {
    const w2n_module_desc *desc = modules[m];
    for (uint32_t i = 0; i < desc->num_func_names; i++) {
      uintptr_t code = (uintptr_t)desc->func_names[i].code;
      if (code <= addr && code > best) {
        best = code;
        name = desc->func_names[i].name;
      }
    }
  }
  return name;
}

static void print_frame(w2n_out *out, uintptr_t addr, int *printed) {
  const char *name = function_at(addr);
  if (!name || *printed >= W2N_MAX_PRINTED) return;
  w2n_out_str(out, "  at ");
  w2n_out_str(out, name);
  w2n_out_char(out, '\n');
  ++*printed;
}

void w2n_print_backtrace(int fd, uintptr_t pc, uintptr_t fp) {
  w2n_out out;
  out.fd = fd;
  out.len = 0;
  int printed = 0;
  if (pc) print_frame(&out, pc, &printed);
  /* Only follow records that lie in the Wasm stack, in increasing order, so a corrupt chain ends
     the walk instead of faulting. */
  for (int n = 0; n < W2N_MAX_WALKED && printed < W2N_MAX_PRINTED; n++) {
    if (fp < w2n_stack_lo || fp + 16 > w2n_stack_hi || (fp & 7)) break;
    const uintptr_t *record = (const uintptr_t *)fp;
    uintptr_t ret = record[1], next = record[0];
    if (ret == 0) break;
    print_frame(&out, ret - 1, &printed); /* the call, not the instruction after it */
    if (next <= fp) break;
    fp = next;
  }
  w2n_out_flush(&out);
}
