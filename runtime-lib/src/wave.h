/* WAVE, the WebAssembly Value Encoding (as `wasmtime run --invoke` reads and prints component
   values): parsing text into w2n_cval trees guided by a w2n_ctype, and printing them back.
   Resources have no WAVE syntax yet; here a handle is written `#N` (its representation) or as
   the name of a variable that the caller resolves. */
#ifndef W2N_WAVE_H
#define W2N_WAVE_H

#include "decimal_float.h"
#include "rt.h"
#include "w2n/canon.h"

typedef struct w2n_wave_parser {
  const char *start, *p, *end;
  void *(*alloc)(void *ctx, size_t size); /* zeroed memory for the value tree */
  void *alloc_ctx;
  /* A handle written as a name: its value (the representation), or false when unknown. */
  bool (*variable)(void *ctx, const char *name, uint32_t len, const w2n_ctype *t, uint64_t *out);
  void *variable_ctx;
  const char *error; /* set when a parse fails: what was expected */
  const char *error_at;
} w2n_wave_parser;

/* Skips whitespace and // comments. */
void w2n_wave_skip(w2n_wave_parser *ps);
/* Parses one value of type `t` at the cursor (whitespace around it skipped). */
bool w2n_wave_parse(w2n_wave_parser *ps, const w2n_ctype *t, w2n_cval *out);
/* Consumes `c` after optional whitespace; false (cursor unchanged) when it is not there. */
bool w2n_wave_eat(w2n_wave_parser *ps, char c);
/* A label at the cursor (kebab-case, optionally %-prefixed, the % not included). */
bool w2n_wave_label(w2n_wave_parser *ps, const char **label, uint32_t *len);
/* Is this type's value allowed to be left out (option<T>: none)? */
bool w2n_wave_is_option(const w2n_ctype *t);

void w2n_wave_print(w2n_out *out, const w2n_ctype *t, const w2n_cval *v);

#endif
