/* Internal interface between the parts of the spec-harness script driver (script_protocol.md):
   the command loop, value formats, instance/import linking, and the spectest host instance. */
#ifndef W2N_SCRIPT_H
#define W2N_SCRIPT_H

#include "rt.h"

typedef struct script_instance {
  const w2n_module_desc *desc;
  void *vmctx;
} script_instance;

/* A token of a command line (not NUL-terminated). */
typedef struct script_token {
  const char *p;
  uint32_t len;
} script_token;

/* ---- Values (script_values.c). ---- */
/* The signature letter (abi.h) of a binary value type, or 0. */
char w2n_valtype_letter(uint8_t valtype);
/* Parses "TYPE:HEX" for the value type with this signature letter; false if malformed. */
bool w2n_parse_value(script_token tok, char letter, w2n_val *out);
void w2n_print_value(w2n_out *out, char letter, const w2n_val *value);
/* Decodes a hex-encoded name ("-" is empty) into buf (capacity cap); false if malformed. */
bool w2n_decode_name(script_token tok, char *buf, uint32_t cap, uint32_t *len);
bool w2n_parse_u32(script_token tok, uint32_t *out);

/* ---- Linking (script_link.c). ---- */
void w2n_link_register(const char *name, uint32_t len, script_instance inst);
/* Fills imports[] for desc; returns 0 or the unlinkable message. */
const char *w2n_link_imports(const w2n_module_desc *desc, void **imports);

/* ---- The spectest host instance (spectest.c). ---- */
script_instance w2n_spectest_instance(void);

#endif
