/* Function subtyping at run time (GC proposal): call_indirect and casts to a non-final function
   type accept functions of its declared subtypes. A GC function type's signature symbol holds
   its key (with "_g" and its canonical identity) followed by its supertypes' keys, each
   NUL-terminated, and an empty string; other signature symbols hold only their key. */
#include "rt.h"

static int same(const char *a, const char *b) {
  while (*a && *a == *b)
    ++a, ++b;
  return *a == *b;
}

static const char *next(const char *s) {
  while (*s)
    ++s;
  return s + 1;
}

static int is_gc_key(const char *key) {
  for (; *key; ++key)
    if (key[0] == '_' && key[1] == 'g') return 1;
  return 0;
}

uint32_t __w2n_sig_is_subtype(const char *actual, const char *expected) {
  if (!is_gc_key(actual)) return 0;
  for (const char *s = next(actual); *s; s = next(s))
    if (same(s, expected)) return 1;
  return 0;
}
