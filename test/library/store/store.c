// The store component for the library tests of resources the host implements (store.wit): its
// exports make blobs through the host's constructor and make, call their methods with borrows,
// drop them, give one to the host and take the host's. C for wasm32 with the canonical ABI by
// hand: a handle is an i32 index into this instance's handle table.
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(name) __attribute__((import_module("example:store/store"), import_name(name)))

IMPORT("[constructor]blob") int32_t blob_new(uint32_t n);
IMPORT("[method]blob.size") uint32_t blob_size(int32_t self);
IMPORT("[method]blob.append") void blob_append(int32_t self, int32_t other);
IMPORT("[method]blob.letter") uint32_t blob_letter(int32_t self);
IMPORT("[static]blob.live") uint32_t blob_live(void);
IMPORT("[resource-drop]blob") void blob_drop(int32_t handle);
IMPORT("make") int32_t store_make(uint32_t n);
IMPORT("take") uint32_t store_take(int32_t b);

EXPORT("example:store/api#build") uint32_t build(void) {
  int32_t a = blob_new(3), b = store_make(4);
  blob_append(a, b);
  uint32_t size = blob_size(a);
  blob_drop(b);
  blob_drop(a);
  return size;
}

// The handle's own leaves this instance with the result (lift_own removes it).
EXPORT("example:store/api#fresh") int32_t fresh(uint32_t n) { return blob_new(n); }

// A borrow given to an export is a handle of the call: dropped before returning.
EXPORT("example:store/api#measure") uint32_t measure(int32_t b) {
  uint32_t size = blob_size(b);
  blob_drop(b);
  return size;
}

EXPORT("example:store/api#absorb") uint32_t absorb(int32_t b) {
  int32_t c = blob_new(1);
  blob_append(c, b);
  blob_drop(b);
  uint32_t size = blob_size(c);
  blob_drop(c);
  return size;
}

EXPORT("example:store/api#give") uint32_t give(uint32_t n) { return store_take(store_make(n)); }

static uint32_t kept;
EXPORT("example:store/api#keep") uint32_t keep(uint32_t n) {
  blob_new(n);
  return ++kept;
}

EXPORT("example:store/api#letter") uint32_t letter(uint32_t n) {
  int32_t b = blob_new(n);
  uint32_t c = blob_letter(b);
  blob_drop(b);
  return c;
}

EXPORT("example:store/api#live") uint32_t live(void) { return blob_live(); }

EXPORT("example:store/api#stale") uint32_t stale(void) {
  int32_t b = blob_new(2);
  blob_drop(b);
  return blob_size(b);
}
