/* AArch64 process entry: hands the initial stack (argc, argv, envp) to w2n_rt_start. Only in
   executables: a library's host has its own entry. */
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

  .section .note.GNU-stack,"",%progbits
