/* The signal handler that turns hardware faults in Wasm code into traps: a SIGSEGV/SIGBUS inside a
   linear-memory reservation is "out of bounds memory access", one in the Wasm stack's guard region
   "call stack exhausted". It runs on an alternate stack and does not unwind from there: it
   rewrites the interrupted context so that returning from the handler (rt_sigreturn, which also
   restores the signal mask) enters w2n_trap_from_signal on a small dedicated stack. Any other
   fault is a bug, reported as "fatal signal" with exit status 139. In a library (W2N_LIBRARY) the
   host has signal handlers of its own: a fault while no call into the library is running goes on
   to the handler that was installed before. */
#include "rt.h"

#define W2N_SIGILL 4
#define W2N_SIGBUS 7
#define W2N_SIGFPE 8
#define W2N_SIGSEGV 11
#define W2N_SIGPIPE 13

#define W2N_SA_SIGINFO 0x4
#define W2N_SA_ONSTACK 0x08000000
#define W2N_SA_RESTORER 0x04000000

#define W2N_ALT_STACK_SIZE (64u << 10)
#define W2N_TRAP_STACK_SIZE (64u << 10)

struct w2n_kernel_sigaction {
  void (*handler)(int, void *, void *);
  unsigned long flags;
  void (*restorer)(void);
  uint64_t mask;
};

struct w2n_stack_t {
  void *sp;
  int flags;
  size_t size;
};

void w2n_sigreturn_restorer(void);

/* Where w2n_trap_from_signal runs: a stack of this thread's (the signal handler cannot unwind
   from the alternate stack, and the Wasm stack may be the one that overflowed). */
static W2N_THREAD uintptr_t trap_stack_lo;

__attribute__((noreturn)) static void fatal_signal(int sig, uintptr_t addr, uintptr_t pc) {
  w2n_out out;
  out.fd = 2;
  out.len = 0;
  w2n_out_str(&out, "fatal signal ");
  w2n_out_dec(&out, sig);
  w2n_out_str(&out, " at address 0x");
  w2n_out_hex(&out, addr, 16);
  w2n_out_str(&out, " (pc 0x");
  w2n_out_hex(&out, pc, 16);
  w2n_out_str(&out, ")\n");
  w2n_out_flush(&out);
  w2n_exit(W2N_EXIT_FATAL);
}

#ifdef W2N_LIBRARY
#define W2N_SS_DISABLE 2
static struct w2n_kernel_sigaction previous[32];

/* Hands a fault that is not ours to the host's handler; with none (default or ignore), restores
   the default action and returns, so that the fault repeats and does what it would have done. */
static void chain(int sig, void *info, void *uc) {
  struct w2n_kernel_sigaction *old = &previous[sig & 31];
  uintptr_t h = (uintptr_t)old->handler;
  if (h == 0 || h == 1) {
    struct w2n_kernel_sigaction dfl = {0, W2N_SA_RESTORER, w2n_sigreturn_restorer, 0};
    w2n_sys(W2N_SYS_rt_sigaction, sig, (long)&dfl, 0, 8, 0, 0);
    return;
  }
  if (old->flags & W2N_SA_SIGINFO)
    old->handler(sig, info, uc);
  else
    ((void (*)(int))(uintptr_t)h)(sig);
}
#endif

static bool stack_exhausted(uintptr_t addr, uintptr_t sp) {
  if (addr >= w2n_stack_guard_lo && addr < w2n_stack_lo) return true;
  /* A frame larger than the guard region moved sp below it: still exhaustion. */
  return w2n_stack_lo && sp < w2n_stack_lo && w2n_stack_lo - sp < (256u << 20);
}

static void handler(int sig, void *info, void *uc) {
  uintptr_t addr = *(uintptr_t *)((char *)info + 16); /* si_addr */
  uintptr_t pc = w2n_uc_pc(uc), sp = w2n_uc_sp(uc);
  uintptr_t trap_lo = trap_stack_lo, trap_hi = trap_lo + W2N_TRAP_STACK_SIZE;
  if (sp >= trap_lo && sp < trap_hi)
    fatal_signal(sig, addr, pc); /* a fault while reporting a trap */
  uint32_t code;
#ifdef W2N_LIBRARY
  /* A library runs Wasm code only inside its calls, each under a trap catcher: without one the
     fault is the host's. */
  if (!w2n_active_catcher) {
    chain(sig, info, uc);
    return;
  }
#endif
  if (sig == W2N_SIGSEGV || sig == W2N_SIGBUS) {
    if (stack_exhausted(addr, sp))
      code = W2N_TRAP_STACK_EXHAUSTED;
    else if (w2n_in_memory_reservation(addr))
      code = W2N_TRAP_MEMORY_OOB;
    else
      fatal_signal(sig, addr, pc);
  } else if (sig == W2N_SIGFPE) {
    code = W2N_TRAP_INT_DIV_ZERO; /* compiled code checks divisors; kept as a safety net */
  } else {
    fatal_signal(sig, addr, pc);
  }
  w2n_uc_redirect(uc, (void *)w2n_trap_from_signal, code, pc, w2n_uc_fp(uc), trap_hi);
}

void w2n_signal_thread_init(void) {
  if (trap_stack_lo) return;
  void *trap = w2n_mmap(0, W2N_TRAP_STACK_SIZE, W2N_PROT_RW, 0);
  if (!trap) w2n_fatal("cannot map the trap stack");
  trap_stack_lo = (uintptr_t)trap;
  struct w2n_stack_t current = {0, 0, 0};
  w2n_sys(W2N_SYS_sigaltstack, 0, (long)&current, 0, 0, 0, 0);
#ifdef W2N_LIBRARY
  /* A library keeps a thread's alternate stack when the host gave it one. */
  if (!(current.flags & W2N_SS_DISABLE) && current.size >= W2N_ALT_STACK_SIZE) return;
#endif
  void *alt = w2n_mmap(0, W2N_ALT_STACK_SIZE, W2N_PROT_RW, 0);
  if (!alt) w2n_fatal("cannot map the signal stack");
  struct w2n_stack_t ss = {alt, 0, W2N_ALT_STACK_SIZE};
  if (w2n_sys(W2N_SYS_sigaltstack, (long)&ss, 0, 0, 0, 0, 0) != 0) w2n_fatal("sigaltstack failed");
}

void w2n_install_signal_handlers(void) {
  w2n_signal_thread_init();
  static const int signals[] = {W2N_SIGSEGV, W2N_SIGBUS, W2N_SIGFPE, W2N_SIGILL};
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
    struct w2n_kernel_sigaction sa = {handler, W2N_SA_SIGINFO | W2N_SA_ONSTACK | W2N_SA_RESTORER,
                                      w2n_sigreturn_restorer, 0};
#ifdef W2N_LIBRARY
    long old = (long)&previous[signals[i]];
#else
    long old = 0;
#endif
    if (w2n_sys(W2N_SYS_rt_sigaction, signals[i], (long)&sa, old, 8, 0, 0) != 0)
      w2n_fatal("rt_sigaction failed");
  }
#ifndef W2N_LIBRARY /* in a library, SIGPIPE stays as the host set it */
  /* A write into a closed pipe is an error the guest sees (EPIPE; a closed stream in WASI 0.2),
     as under Wasmtime, not a signal that kills the process. SIG_IGN is handler value 1. */
  struct w2n_kernel_sigaction ignore = {(void (*)(int, void *, void *))1, W2N_SA_RESTORER,
                                        w2n_sigreturn_restorer, 0};
  if (w2n_sys(W2N_SYS_rt_sigaction, W2N_SIGPIPE, (long)&ignore, 0, 8, 0, 0) != 0)
    w2n_fatal("rt_sigaction failed");
#endif
}
