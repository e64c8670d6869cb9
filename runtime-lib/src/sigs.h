/* The canonical signature symbols that the runtime's host functions use (abi.h: the symbol's
   address is the type id). sigs.c defines them weak; compiled modules define the same names
   linkonce_odr, and the linker keeps one, so comparing addresses works across both. */
#ifndef W2N_SIGS_H
#define W2N_SIGS_H

#define W2N_RUNTIME_SIGS(X)                                                                        \
  X(_, "_")                                                                                        \
  X(i_, "i_")                                                                                      \
  X(I_, "I_")                                                                                      \
  X(f_, "f_")                                                                                      \
  X(F_, "F_")                                                                                      \
  X(if_, "if_")                                                                                    \
  X(FF_, "FF_")                                                                                    \
  X(i_i, "i_i")                                                                                    \
  X(ii_i, "ii_i")                                                                                  \
  X(iiii_i, "iiii_i")                                                                              \
  X(iIii_i, "iIii_i")                                                                              \
  X(_i, "_i")                                                                                      \
  X(iI_i, "iI_i")                                                                                  \
  X(iii_i, "iii_i")                                                                                \
  X(iIi_i, "iIi_i")                                                                                \
  X(iII_i, "iII_i")                                                                                \
  X(iIIi_i, "iIIi_i")                                                                              \
  X(iiiii_i, "iiiii_i")                                                                            \
  X(iiiIi_i, "iiiIi_i")                                                                            \
  X(iiiiii_i, "iiiiii_i")                                                                          \
  X(iiiiiii_i, "iiiiiii_i")                                                                        \
  X(iiiiIIi_i, "iiiiIIi_i")                                                                        \
  X(iiiiiIIii_i, "iiiiiIIii_i")

#define W2N_DECLARE_SIG(id, letters) extern const char __w2n_sig_##id[];
W2N_RUNTIME_SIGS(W2N_DECLARE_SIG)
#undef W2N_DECLARE_SIG

#endif
