// A C host of the store library that implements its blob resource (store.wit): blobs live in a
// small table, and a blob's representation is its address there (64 bits, as the header allows).
// Prints one line per event, as ref.mjs does for the same component on node; then checks by
// reasoning what node cannot show: a method on a dropped handle traps; an invalid value from the
// host traps; a missing destructor is an error at instantiation and a failing one a trap; every
// blob is released exactly once (by the library's drop, also when an instance is freed, or by
// the host itself for the ones it owns) and never used after that.
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct blob {
  uint32_t id, size;
  int released; // times released: by the library's drop, or by the host (the ones it owns)
  int dropped;  // of those, by the library's drop
} blob;

typedef struct host {
  blob blobs[64];
  uint32_t count;
  int quiet;         // print nothing (what node's output has no line for)
  int bad_letter;    // letter answers a surrogate, which is no char
  int failing_drops; // the next drops fail
  int bad_reps;      // representations that were not a live blob of ours
} host;

static uint64_t rep_of(blob *b) { return (uint64_t)(uintptr_t)b; }

static blob *blob_of(host *h, uint64_t rep, w2n_error **error) {
  uintptr_t first = (uintptr_t)h->blobs, at = (uintptr_t)rep;
  if (at < first || at >= first + h->count * sizeof(blob) || (at - first) % sizeof(blob) ||
      h->blobs[(at - first) / sizeof(blob)].released) {
    h->bad_reps++;
    *error = w2n_error_new("not a live blob");
    return NULL;
  }
  return &h->blobs[(at - first) / sizeof(blob)];
}

static blob *new_blob(host *h, uint32_t n) {
  if (h->count == sizeof h->blobs / sizeof h->blobs[0]) return NULL;
  blob *b = &h->blobs[h->count++];
  *b = (blob){h->count, n, 0, 0};
  if (!h->quiet) printf("new blob#%u (%u)\n", b->id, n);
  return b;
}

static bool host_constructor(void *ctx, uint32_t n, store_own_blob_t *ret, w2n_error **error) {
  blob *b = new_blob(ctx, n);
  if (!b) *error = w2n_error_new("no room for a blob");
  if (b) *ret = rep_of(b);
  return b != NULL;
}

static bool host_make(void *ctx, uint32_t n, store_own_blob_t *ret, w2n_error **error) {
  if (!((host *)ctx)->quiet) printf("make %u\n", n);
  return host_constructor(ctx, n, ret, error);
}

static bool host_size(void *ctx, store_borrow_blob_t self, uint32_t *ret, w2n_error **error) {
  blob *b = blob_of(ctx, self, error);
  if (!b) return false;
  if (!((host *)ctx)->quiet) printf("size blob#%u = %u\n", b->id, b->size);
  *ret = b->size;
  return true;
}

static bool host_append(void *ctx, store_borrow_blob_t self, store_borrow_blob_t other,
                        w2n_error **error) {
  blob *a = blob_of(ctx, self, error), *b = a ? blob_of(ctx, other, error) : NULL;
  if (!b) return false;
  if (!((host *)ctx)->quiet) printf("append blob#%u += blob#%u\n", a->id, b->id);
  a->size += b->size;
  return true;
}

static bool host_letter(void *ctx, store_borrow_blob_t self, uint32_t *ret, w2n_error **error) {
  blob *b = blob_of(ctx, self, error);
  if (!b) return false;
  if (!((host *)ctx)->quiet) printf("letter blob#%u\n", b->id);
  *ret = ((host *)ctx)->bad_letter ? 0xd800 : 'a' + b->size - 1;
  return true;
}

static bool host_live(void *ctx, uint32_t *ret, w2n_error **error) {
  host *h = ctx;
  *ret = 0;
  for (uint32_t i = 0; i < h->count; i++)
    *ret += !h->blobs[i].released;
  if (!h->quiet) printf("live %u\n", *ret);
  return true;
}

// The guest gives the blob away: it is the host's, which releases it.
static bool host_take(void *ctx, store_own_blob_t own, uint32_t *ret, w2n_error **error) {
  blob *b = blob_of(ctx, own, error);
  if (!b) return false;
  if (!((host *)ctx)->quiet) printf("take blob#%u (%u)\n", b->id, b->size);
  *ret = b->size;
  b->released++;
  return true;
}

static bool host_drop(void *ctx, store_own_blob_t rep, w2n_error **error) {
  host *h = ctx;
  if (h->failing_drops) {
    h->failing_drops--;
    *error = w2n_error_new("blob is busy");
    return false;
  }
  blob *b = blob_of(h, rep, error);
  if (!b) return false;
  if (!h->quiet) printf("drop blob#%u\n", b->id);
  b->released++;
  b->dropped++;
  return true;
}

static int failures;

static void check(int ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "FAIL: %s\n", what);
    failures++;
  }
}

// The call failed with exactly this message.
static void check_error(bool ok, w2n_error *err, const char *want, const char *what) {
  check(!ok && err && !strcmp(w2n_error_message(err), want), what);
  if (!ok && err && strcmp(w2n_error_message(err), want))
    fprintf(stderr, "  got: %s\n", w2n_error_message(err));
  w2n_error_free(err);
}

static void print_result(const char *name, bool ok, uint32_t value, w2n_error *err) {
  if (ok)
    printf("%s: %u\n", name, value);
  else
    printf("%s: error %s\n", name, w2n_error_message(err));
  w2n_error_free(err);
}

int main(void) {
  host *h = calloc(1, sizeof *h);
  if (!h) return 1;
  store_imports imports = {
      .example_store_store_drop_blob = host_drop,
      .example_store_store_constructor_blob = host_constructor,
      .example_store_store_make = host_make,
      .example_store_store_method_blob_append = host_append,
      .example_store_store_method_blob_size = host_size,
      .example_store_store_take = host_take,
      .example_store_store_method_blob_letter = host_letter,
      .example_store_store_static_blob_live = host_live,
  };
  w2n_config config = {.imports = &imports, .imports_ctx = h};
  w2n_error *err = NULL;
  store_instance *s = store_instantiate(&config, &err);
  if (!s) {
    printf("instantiate: %s\n", w2n_error_message(err));
    return 1;
  }
  // The calls ref.mjs makes, in its order.
  uint32_t n = 0;
  bool ok = example_store_api_build(s, &n, &err);
  print_result("build", ok, n, err), err = NULL;
  store_own_blob_t fresh = 0;
  if (!example_store_api_fresh(s, 5, &fresh, &err)) return printf("fresh: error\n"), 1;
  blob *f = blob_of(h, fresh, &err);
  if (!f) return printf("fresh: not a blob\n"), 1;
  printf("fresh: blob#%u (%u)\n", f->id, f->size);
  ok = example_store_api_measure(s, fresh, &n, &err);
  print_result("measure", ok, n, err), err = NULL;
  ok = example_store_api_absorb(s, rep_of(new_blob(h, 2)), &n, &err);
  print_result("absorb", ok, n, err), err = NULL;
  ok = example_store_api_absorb(s, fresh, &n, &err); // the host gives its blob back
  print_result("absorb", ok, n, err), err = NULL;
  ok = example_store_api_give(s, 9, &n, &err);
  print_result("give", ok, n, err), err = NULL;
  ok = example_store_api_keep(s, 4, &n, &err);
  print_result("keep", ok, n, err), err = NULL;
  ok = example_store_api_keep(s, 8, &n, &err);
  print_result("keep", ok, n, err), err = NULL;
  ok = example_store_api_letter(s, 3, &n, &err);
  if (ok && n < 0x80)
    printf("letter: %c\n", (char)n);
  else
    print_result("letter", ok, n, err), err = NULL;
  ok = example_store_api_live(s, &n, &err);
  print_result("live", ok, n, err), err = NULL;
  fflush(stdout);

  // Beyond node: blob(2) dropped and then used. Handles are reused last-freed first
  // (CanonicalABI.md, Table.free): 1 and 2 are the kept blobs, 3 was letter's and is stale's.
  h->quiet = 1;
  ok = example_store_api_stale(s, &n, &err);
  check_error(ok, err, "wasm trap: unknown handle index 3", "a method on a dropped handle traps");
  err = NULL;
  check(h->count == 11 && h->blobs[10].dropped == 1, "stale's blob was dropped before the trap");
  check(!h->blobs[7].released && !h->blobs[8].released, "the kept blobs live on");
  store_instance_free(s); // the guest still holds blob#8 and blob#9: their destructors run
  for (uint32_t i = 0; i < 11; i++)
    check(h->blobs[i].released == 1 && h->blobs[i].dropped == (i != 6),
          "each blob released once: by the library's drop, blob#7 by take");

  // A missing destructor is an error at instantiation, like any missing import.
  store_imports partial = imports;
  partial.example_store_store_drop_blob = NULL;
  w2n_config partial_config = {.imports = &partial, .imports_ctx = h};
  s = store_instantiate(&partial_config, &err);
  check(!s, "no instance without a destructor");
  check_error(s != NULL, err,
              "the host did not supply the import example:store/store#[resource-drop]blob",
              "a missing destructor is named");
  err = NULL;

  // An invalid value from the host (a surrogate for a char) traps; the blob the guest held then
  // is dropped when the instance is freed.
  s = store_instantiate(&config, &err);
  if (!s) return printf("instantiate: %s\n", w2n_error_message(err)), 1;
  h->bad_letter = 1;
  ok = example_store_api_letter(s, 5, &n, &err);
  check_error(ok, err, "wasm trap: host import returned an invalid value",
              "an invalid value from the host traps");
  err = NULL;
  h->bad_letter = 0;
  check(h->count == 12 && !h->blobs[11].released, "letter's blob is still the guest's");
  store_instance_free(s);
  check(h->blobs[11].dropped == 1, "and is dropped with the instance");

  // A destructor that fails makes the guest's drop trap (build drops make's blob first); the
  // blob is the host's still, and the guest's other one is dropped with the instance.
  s = store_instantiate(&config, &err);
  if (!s) return printf("instantiate: %s\n", w2n_error_message(err)), 1;
  h->failing_drops = 1;
  ok = example_store_api_build(s, &n, &err);
  check_error(ok, err, "wasm trap: host import failed: blob is busy", "a failing destructor traps");
  err = NULL;
  store_instance_free(s);
  check(h->count == 14 && h->blobs[12].dropped == 1 && !h->blobs[13].released,
        "the constructor's blob dropped with the instance, make's left to the host");
  h->blobs[13].released++;

  for (uint32_t i = 0; i < h->count; i++)
    check(h->blobs[i].released == 1, "every blob released exactly once");
  check(h->bad_reps == 0, "the host never got a representation that was not a live blob");
  free(h);
  fprintf(stderr, "%s\n", failures ? "FAIL" : "PASS");
  return failures != 0;
}
