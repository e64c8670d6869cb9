/* The `bench` host interface of component benchmarks (Sightglass cm-online-stats imports
   `bench` with start and end, both func()): the core `bench` hooks' recorder (bench_host.c). */
#include "wasip2_internal.h"

extern const w2n_funcref __w2n_host_bench__start, __w2n_host_bench__end;

typedef void (*bench_fn)(void *);

/* start: func() */
void __w2n_p2_bench_start(w2n_p2_opts *o) {
  ((bench_fn)__w2n_host_bench__start.code)(__w2n_host_bench__start.vmctx);
}

/* end: func() */
void __w2n_p2_bench_end(w2n_p2_opts *o) {
  ((bench_fn)__w2n_host_bench__end.code)(__w2n_host_bench__end.vmctx);
}
