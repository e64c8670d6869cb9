/* AArch64 process entry: hands the initial stack (argc, argv, envp) to w2n_rt_start, and the
   helper that runs a function on another stack (the dedicated Wasm stack). */
  .section w2n_rt_text,"ax",@progbits

  .globl _start
  .type _start,%function
_start:
  mov x29, #0               /* ends the frame-pointer chain */
  mov x30, #0
  mov x0, sp                /* points at argc */
  bl w2n_rt_start           /* never returns */
  brk #0
  .size _start, . - _start

/* int w2n_run_on_stack(uintptr_t top, int (*fn)(void)) */
  .globl w2n_run_on_stack
  .type w2n_run_on_stack,%function
w2n_run_on_stack:
  stp x29, x30, [sp, #-32]!
  mov x29, sp
  str x19, [sp, #16]
  mov x19, sp               /* callee-saved: the old stack */
  mov sp, x0
  mov x29, #0               /* backtraces stop at the new stack's first frame */
  blr x1
  mov sp, x19
  ldr x19, [sp, #16]
  ldp x29, x30, [sp], #32
  ret
  .size w2n_run_on_stack, . - w2n_run_on_stack

  .section .note.GNU-stack,"",%progbits
