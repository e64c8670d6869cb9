/* setjmp/longjmp for wasm32-wasi programs, which Debian's wasi-libc lacks: implemented with
   Binaryen's Asyncify (see sjlj.c), so the program stays a plain WASI module that any runtime,
   wasm2native included, can run. Build with this directory first on the include path, link
   sjlj.c (which defines main and calls the program's main renamed to w2n_sjlj_main), and run
   `wasm-opt --asyncify` on the result. */
#ifndef W2N_SJLJ_SETJMP_H
#define W2N_SJLJ_SETJMP_H

typedef struct w2n_jmp_buf {
  unsigned long stack_pointer; /* the shadow stack pointer when setjmp was called */
  int value;
} jmp_buf[1];

__attribute__((returns_twice)) int w2n_setjmp(struct w2n_jmp_buf *env);
/* Never returns to its caller; its definition returns to Asyncify, which unwinds the caller. */
#ifdef W2N_SJLJ_IMPLEMENTATION
#define W2N_SJLJ_NORETURN
#else
#define W2N_SJLJ_NORETURN _Noreturn
#endif
W2N_SJLJ_NORETURN void w2n_longjmp(struct w2n_jmp_buf *env, int value);

#define setjmp(env) w2n_setjmp(env)
#define longjmp(env, value) w2n_longjmp(env, value)
#define _setjmp(env) w2n_setjmp(env)
#define _longjmp(env, value) w2n_longjmp(env, value)

#endif
