/* x86-64 process entry: hands the initial stack (argc, argv, envp) to w2n_rt_start. Only in
   executables: a library's host has its own entry. */
  .section w2n_rt_text,"ax",@progbits

  .globl _start
  .type _start,@function
_start:
  xor %ebp, %ebp            /* ends the frame-pointer chain */
  mov %rsp, %rdi            /* points at argc */
  and $-16, %rsp
  call w2n_rt_start         /* never returns */
  hlt
  .size _start, . - _start

  .section .note.GNU-stack,"",@progbits
