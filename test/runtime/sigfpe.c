/* A SIGFPE (compiled code checks divisors, so this is a safety net) becomes the trap "integer
   divide by zero". x86-64 raises it with a real division; AArch64 divisions do not fault, so the
   test sends the signal to itself. */
#include "rt_test.h"

volatile int zero = 0;

int __w2n_program_main(void) {
#if defined(__x86_64__)
  int q;
  __asm__ volatile("cltd\n\tidivl %1" : "=a"(q) : "r"(zero), "a"(1) : "edx");
  return q;
#else
  register long x8 __asm__("x8") = 172; /* getpid */
  register long x0 __asm__("x0");
  __asm__ volatile("svc #0" : "=r"(x0) : "r"(x8) : "memory");
  register long x1 __asm__("x1") = 8; /* SIGFPE */
  x8 = 129;                           /* kill */
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory");
  return zero;
#endif
}
