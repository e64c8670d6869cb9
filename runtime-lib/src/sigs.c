/* Weak definitions of the canonical signature symbols used by the runtime's host functions (see
   sigs.h for why they are weak). */
#include "sigs.h"
#include "rt.h"

#define W2N_DEFINE_SIG(id, letters) __attribute__((weak)) const char __w2n_sig_##id[] = letters;
W2N_RUNTIME_SIGS(W2N_DEFINE_SIG)
#undef W2N_DEFINE_SIG
