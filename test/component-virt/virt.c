// A virtualising component, the kind wasi-virt makes: it exports wasi:filesystem/types and
// wasi:filesystem/preopens over a small read-only tree compiled into it, and wasi:io/streams and
// wasi:cli/stdin/stdout/stderr of its own, so that a command composed with it (compose.mjs) sees
// these files instead of the host's and writes through its streams (as wasi-virt's do, the
// shape that has stream-error hold the host's own<error>). Freestanding C with the canonical ABI
// written out by hand (core names and signatures as wit-component expects them for virt.wit):
// borrowed handles arrive as reps (node or slot numbers + 1: jco takes a rep of 0 for no
// resource), results go through one return area. What the preview1 adapter needs for
// open/read/pread/fstat/stat/readdir and stdio works; writes to the tree answer read-only.
#include <stdint.h>

#define TYPES "wasi:filesystem/types@0.2.12"
#define EXPORT(name) __attribute__((export_name(TYPES "#" name)))
#define RESOURCE(name) __attribute__((import_module("[export]" TYPES), import_name(name)))

RESOURCE("[resource-new]descriptor") int32_t descriptor_new(int32_t rep);
RESOURCE("[resource-new]directory-entry-stream") int32_t entries_new(int32_t rep);

enum { DIRECTORY = 3, REGULAR_FILE = 6 }; // descriptor-type
// error-code
enum {
  E_EXIST = 7,
  E_INVALID = 12,
  E_IS_DIRECTORY = 14,
  E_NO_ENTRY = 20,
  E_NOT_DIRECTORY = 24,
  E_NOT_PERMITTED = 31,
  E_READ_ONLY = 33
};
enum { O_CREATE = 1, O_DIRECTORY = 2, O_EXCLUSIVE = 4, O_TRUNCATE = 8 }; // open-flags
enum { F_READ = 1, F_WRITE = 2, F_MUTATE_DIRECTORY = 32 };               // descriptor-flags

struct node {
  const char *name;
  int parent;
  uint8_t type;
  const char *data;
};
static const struct node nodes[] = {
    {"", -1, DIRECTORY, 0},
    {"hello.txt", 0, REGULAR_FILE, "hello from the virtual filesystem\n"},
    {"docs", 0, DIRECTORY, 0},
    {"readme.md", 2, REGULAR_FILE,
     "# Virtual\n\nThese bytes live inside the virtualising component.\n"},
    {"numbers.txt", 0, REGULAR_FILE, "0123456789abcdefghijklmnopqrstuvwxyz\n"},
    {"empty", 0, DIRECTORY, 0},
};
enum { NODES = sizeof nodes / sizeof nodes[0] };
// A descriptor's rep is its node number + 1, a directory stream's its slot + 1 (jco takes a rep of
// 0 for no resource, though the canonical ABI allows it); the methods subtract the one.

static uint32_t length(const char *s) {
  uint32_t n = 0;
  while (s && s[n])
    n++;
  return n;
}

void *memcpy(void *dst, const void *src, unsigned long n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--)
    *d++ = *s++;
  return dst;
}

void *memset(void *dst, int c, unsigned long n) {
  unsigned char *d = dst;
  while (n--)
    *d++ = (unsigned char)c;
  return dst;
}

// Arguments (paths) are copied in through cabi_realloc and used only during the call, so a bump
// arena that starts over when full is enough.
static _Alignas(8) unsigned char arena[1 << 16];
static uint32_t used;

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, uint32_t old_size,
                                                                uint32_t align, uint32_t size) {
  uint32_t at = (used + align - 1) & ~(align - 1);
  if (at + size > sizeof arena) at = 0;
  if (size > sizeof arena) __builtin_trap();
  used = at + size;
  if (old) memcpy(arena + at, old, old_size < size ? old_size : size);
  return arena + at;
}

// The return area: results are read by the caller before the next call. A result's payload
// (either case) sits at the larger alignment of its two cases: the error-code of a
// result<_, error-code> at 1, after an own handle, list or string at 4, after a record with a u64
// at 8.
static _Alignas(8) unsigned char ret[128];
static void *fail_at(uint32_t at, uint8_t code) {
  memset(ret, 0, sizeof ret);
  ret[0] = 1; // err
  ret[at] = code;
  return ret;
}
#define fail1(code) fail_at(1, code)
#define fail4(code) fail_at(4, code)
#define fail8(code) fail_at(8, code)
static void *ok(void) {
  memset(ret, 0, sizeof ret);
  return ret;
}

// Resolves PATH (ptr, len) beneath directory node DIR; answers a node number or -error-code.
static int lookup(int dir, const char *path, uint32_t len) {
  if (nodes[dir].type != DIRECTORY) return -E_NOT_DIRECTORY;
  if (len > 0 && path[0] == '/') return -E_NOT_PERMITTED; // absolute paths never resolve
  int at = dir;
  uint32_t i = 0;
  while (i < len) {
    uint32_t start = i;
    while (i < len && path[i] != '/')
      i++;
    uint32_t n = i - start;
    const char *part = path + start;
    i++; // past the slash
    if (n == 0 || (n == 1 && part[0] == '.')) continue;
    if (nodes[at].type != DIRECTORY) return -E_NOT_DIRECTORY;
    if (n == 2 && part[0] == '.' && part[1] == '.') {
      if (at == dir) return -E_NOT_PERMITTED; // no climbing above the descriptor
      at = nodes[at].parent;
      continue;
    }
    int found = -1;
    for (int k = 0; k < NODES && found < 0; k++) {
      if (nodes[k].parent != at || length(nodes[k].name) != n) continue;
      uint32_t j = 0;
      while (j < n && nodes[k].name[j] == part[j])
        j++;
      if (j == n) found = k;
    }
    if (found < 0) return -E_NO_ENTRY;
    at = found;
  }
  return at;
}

// descriptor-stat: type at 0, link-count at 8, size at 16, three option<datetime> (none).
static void *stat_of(int node) {
  unsigned char *r = ok();
  r[8] = (unsigned char)nodes[node].type;
  *(uint64_t *)(r + 16) = 1;
  *(uint64_t *)(r + 24) = length(nodes[node].data);
  return r;
}

EXPORT("[method]descriptor.get-type") void *get_type(int self) {
  self--;
  unsigned char *r = ok();
  r[1] = nodes[self].type;
  return r;
}

EXPORT("[method]descriptor.get-flags") void *get_flags(int self) {
  (void)self;
  unsigned char *r = ok();
  r[1] = F_READ;
  return r;
}

EXPORT("[method]descriptor.stat") void *stat(int self) { return stat_of(self - 1); }

EXPORT("[method]descriptor.stat-at")
void *stat_at(int self, int path_flags, const char *path, uint32_t len) {
  self--;
  (void)path_flags;
  int n = lookup(self, path, len);
  return n < 0 ? fail8((uint8_t)-n) : stat_of(n);
}

EXPORT("[method]descriptor.open-at")
void *open_at(int self, int path_flags, const char *path, uint32_t len, int open_flags, int flags) {
  self--;
  (void)path_flags;
  int n = lookup(self, path, len);
  if (n == -E_NO_ENTRY && (open_flags & O_CREATE)) return fail4(E_READ_ONLY);
  if (n < 0) return fail4((uint8_t)-n);
  if (open_flags & O_EXCLUSIVE) return fail4(E_EXIST);
  if ((open_flags & O_DIRECTORY) && nodes[n].type != DIRECTORY) return fail4(E_NOT_DIRECTORY);
  if ((open_flags & O_TRUNCATE) || (flags & (F_WRITE | F_MUTATE_DIRECTORY)))
    return fail4(E_READ_ONLY);
  unsigned char *r = ok();
  *(int32_t *)(r + 4) = descriptor_new(n + 1);
  return r;
}

// read: result<tuple<list<u8>, bool>, error-code>; the list points into the file's bytes.
EXPORT("[method]descriptor.read") void *read(int self, uint64_t len, uint64_t offset) {
  self--;
  if (nodes[self].type == DIRECTORY) return fail4(E_IS_DIRECTORY);
  uint64_t size = length(nodes[self].data);
  uint64_t start = offset < size ? offset : size;
  uint64_t n = size - start < len ? size - start : len;
  unsigned char *r = ok();
  *(uint32_t *)(r + 4) = (uint32_t)(uintptr_t)(nodes[self].data + start);
  *(uint32_t *)(r + 8) = (uint32_t)n;
  r[12] = start + n >= size; // end of file
  return r;
}

// metadata-hash-value {lower, upper}: one value per node.
static void *hash_of(int node) {
  unsigned char *r = ok();
  *(uint64_t *)(r + 8) = (uint64_t)node + 1;
  *(uint64_t *)(r + 16) = 0x7669727475616cULL;
  return r;
}

EXPORT("[method]descriptor.metadata-hash") void *metadata_hash(int self) {
  return hash_of(self - 1);
}

EXPORT("[method]descriptor.metadata-hash-at")
void *metadata_hash_at(int self, int path_flags, const char *path, uint32_t len) {
  self--;
  (void)path_flags;
  int n = lookup(self, path, len);
  return n < 0 ? fail8((uint8_t)-n) : hash_of(n);
}

EXPORT("[method]descriptor.is-same-object") int is_same_object(int self, int other) {
  return self == other;
}

// Directory listings: a stream is a slot {directory, next child to look at}.
static struct { int dir, next, busy; } streams[32];

EXPORT("[method]descriptor.read-directory") void *read_directory(int self) {
  self--;
  if (nodes[self].type != DIRECTORY) return fail4(E_NOT_DIRECTORY);
  for (int k = 0; k < 32; k++) {
    if (streams[k].busy) continue;
    streams[k].busy = 1;
    streams[k].dir = self;
    streams[k].next = 0;
    unsigned char *r = ok();
    *(int32_t *)(r + 4) = entries_new(k + 1);
    return r;
  }
  return fail4(E_INVALID);
}

// result<option<directory-entry>, error-code>: option's discriminant at 4, the entry at 8
// (type, then the name's pointer and length).
EXPORT("[method]directory-entry-stream.read-directory-entry") void *read_entry(int self) {
  self--;
  unsigned char *r = ok();
  while (streams[self].next < NODES) {
    int k = streams[self].next++;
    if (nodes[k].parent != streams[self].dir) continue;
    r[4] = 1;
    r[8] = nodes[k].type;
    *(uint32_t *)(r + 12) = (uint32_t)(uintptr_t)nodes[k].name;
    *(uint32_t *)(r + 16) = length(nodes[k].name);
    break;
  }
  return r;
}

EXPORT("[dtor]directory-entry-stream") void entries_dtor(int rep) { streams[rep - 1].busy = 0; }
EXPORT("[dtor]descriptor") void descriptor_dtor(int rep) { (void)rep; }

// Nothing here makes io errors, so none is a filesystem error.
EXPORT("filesystem-error-code") void *filesystem_error_code(int err) {
  (void)err;
  return ok(); // option: none
}

// preopens: list<tuple<descriptor, string>> with one entry, the root as "/virt".
__attribute__((export_name("wasi:filesystem/preopens@0.2.12#get-directories"))) void *
get_directories(void) {
  static uint32_t entry[3];
  static const char name[] = "/virt";
  entry[0] = (uint32_t)descriptor_new(1);
  entry[1] = (uint32_t)(uintptr_t)name;
  entry[2] = sizeof name - 1;
  unsigned char *r = ok();
  *(uint32_t *)r = (uint32_t)(uintptr_t)entry;
  *(uint32_t *)(r + 4) = 1;
  return r;
}

// ---- wasi:io/streams, wasi:cli/stdin/stdout/stderr ----
// Input streams read a file's bytes from an offset (stdin: no bytes); output streams pass what
// is written on to a host stream. result<_, stream-error> and result<u64, stream-error> have the
// same layout here and at the host, so the host's answer is returned as it is: an own<error> in
// it moves through this component's table to the caller.
#define STREAMS "wasi:io/streams@0.2.12"
#define STREAM_EXPORT(name) __attribute__((export_name(STREAMS "#" name)))
#define STREAM_RESOURCE(name) __attribute__((import_module("[export]" STREAMS), import_name(name)))
#define HOST(interface, name)                                                                      \
  __attribute__((import_module("w2n:host/" interface "@0.2.12"), import_name(name)))

STREAM_RESOURCE("[resource-new]input-stream") int32_t input_new(int32_t rep);
STREAM_RESOURCE("[resource-new]output-stream") int32_t output_new(int32_t rep);
HOST("streams", "[method]output-stream.check-write") void host_check_write(int32_t s, void *ret);
HOST("streams", "[method]output-stream.write")
void host_write(int32_t s, const void *p, uint32_t n, void *ret);
HOST("streams", "[method]output-stream.blocking-write-and-flush")
void host_write_and_flush(int32_t s, const void *p, uint32_t n, void *ret);
HOST("streams", "[method]output-stream.blocking-flush") void host_flush(int32_t s, void *ret);
HOST("streams", "[resource-drop]output-stream") void host_drop(int32_t s);
HOST("stdout", "get-stdout") int32_t host_stdout(void);
HOST("stderr", "get-stderr") int32_t host_stderr(void);

static struct {
  int node; // -1: stdin (empty)
  uint32_t offset;
  int busy;
} inputs[32];
static struct {
  int32_t host;
  int busy;
} outputs[8];

static int32_t new_input(int node, uint32_t offset) {
  for (int k = 0; k < 32; k++) {
    if (inputs[k].busy) continue;
    inputs[k].busy = 1;
    inputs[k].node = node;
    inputs[k].offset = offset;
    return input_new(k + 1);
  }
  __builtin_trap();
}

static int32_t new_output(int32_t host) {
  for (int k = 0; k < 8; k++) {
    if (outputs[k].busy) continue;
    outputs[k].busy = 1;
    outputs[k].host = host;
    return output_new(k + 1);
  }
  __builtin_trap();
}

// Takes up to LEN bytes of input stream SELF (a rep): their address and count, -1 at the end.
static int64_t take(int self, uint64_t len, const char **bytes) {
  int node = inputs[self - 1].node;
  uint32_t size = node < 0 ? 0 : length(nodes[node].data);
  uint32_t at = inputs[self - 1].offset;
  if (at >= size) return -1;
  uint32_t n = size - at < len ? size - at : (uint32_t)len;
  *bytes = nodes[node].data + at;
  inputs[self - 1].offset = at + n;
  return n;
}

// result<list<u8>, stream-error>: the list at 4; closed is the error's case 1 at 4.
static void *stream_read(int self, uint64_t len) {
  const char *bytes = 0;
  int64_t n = take(self, len, &bytes);
  unsigned char *r = ok();
  if (n < 0) {
    r[0] = 1;
    r[4] = 1; // closed
    return r;
  }
  *(uint32_t *)(r + 4) = (uint32_t)(uintptr_t)bytes;
  *(uint32_t *)(r + 8) = (uint32_t)n;
  return r;
}

// result<u64, stream-error>: the count (or the error) at 8.
static void *stream_skip(int self, uint64_t len) {
  const char *bytes = 0;
  int64_t n = take(self, len, &bytes);
  unsigned char *r = ok();
  if (n < 0) {
    r[0] = 1;
    r[8] = 1; // closed
    return r;
  }
  *(uint64_t *)(r + 8) = (uint64_t)n;
  return r;
}

STREAM_EXPORT("[method]input-stream.read") void *input_read(int self, uint64_t len) {
  return stream_read(self, len);
}
STREAM_EXPORT("[method]input-stream.blocking-read")
void *input_blocking_read(int self, uint64_t len) { return stream_read(self, len); }
STREAM_EXPORT("[method]input-stream.skip") void *input_skip(int self, uint64_t len) {
  return stream_skip(self, len);
}
STREAM_EXPORT("[method]input-stream.blocking-skip")
void *input_blocking_skip(int self, uint64_t len) { return stream_skip(self, len); }
// Nothing here waits: the preview1 adapter's blocking calls never subscribe.
STREAM_EXPORT("[method]input-stream.subscribe") int input_subscribe(int self) {
  (void)self;
  __builtin_trap();
}
STREAM_EXPORT("[dtor]input-stream") void input_dtor(int rep) { inputs[rep - 1].busy = 0; }

STREAM_EXPORT("[method]output-stream.check-write") void *output_check_write(int self) {
  host_check_write(outputs[self - 1].host, ok());
  return ret;
}
STREAM_EXPORT("[method]output-stream.write")
void *output_write(int self, const void *p, uint32_t n) {
  host_write(outputs[self - 1].host, p, n, ok());
  return ret;
}
STREAM_EXPORT("[method]output-stream.blocking-write-and-flush")
void *output_write_and_flush(int self, const void *p, uint32_t n) {
  host_write_and_flush(outputs[self - 1].host, p, n, ok());
  return ret;
}
STREAM_EXPORT("[method]output-stream.flush") void *output_flush(int self) {
  host_flush(outputs[self - 1].host, ok());
  return ret;
}
STREAM_EXPORT("[method]output-stream.blocking-flush") void *output_blocking_flush(int self) {
  host_flush(outputs[self - 1].host, ok());
  return ret;
}
STREAM_EXPORT("[method]output-stream.subscribe") int output_subscribe(int self) {
  (void)self;
  __builtin_trap();
}

// Zeroes and splices go out as blocking writes of at most 4 KiB each.
static const char zeroes[4096];
static void *write_zeroes(int self, uint64_t len) {
  while (len > 0) {
    uint32_t n = len < sizeof zeroes ? (uint32_t)len : sizeof zeroes;
    host_write_and_flush(outputs[self - 1].host, zeroes, n, ok());
    if (ret[0]) return ret;
    len -= n;
  }
  return ok();
}
STREAM_EXPORT("[method]output-stream.write-zeroes")
void *output_write_zeroes(int self, uint64_t len) { return write_zeroes(self, len); }
STREAM_EXPORT("[method]output-stream.blocking-write-zeroes-and-flush")
void *output_blocking_write_zeroes(int self, uint64_t len) { return write_zeroes(self, len); }
static void *splice(int self, int src, uint64_t len) {
  const char *bytes = 0;
  int64_t n = take(src, len < 4096 ? len : 4096, &bytes);
  if (n < 0) {
    unsigned char *r = ok();
    r[0] = 1;
    r[8] = 1; // closed
    return r;
  }
  host_write_and_flush(outputs[self - 1].host, bytes, (uint32_t)n, ok());
  if (ret[0]) { // the host's stream-error (at 4) moves to the u64 result's place (at 8)
    uint32_t handle = *(uint32_t *)(ret + 8);
    uint8_t which = ret[4];
    fail_at(8, which);
    *(uint32_t *)(ret + 12) = handle;
    return ret;
  }
  *(uint64_t *)(ok() + 8) = (uint64_t)n;
  return ret;
}
STREAM_EXPORT("[method]output-stream.splice") void *output_splice(int self, int src, uint64_t len) {
  return splice(self, src, len);
}
STREAM_EXPORT("[method]output-stream.blocking-splice")
void *output_blocking_splice(int self, int src, uint64_t len) { return splice(self, src, len); }
STREAM_EXPORT("[dtor]output-stream") void output_dtor(int rep) {
  host_drop(outputs[rep - 1].host);
  outputs[rep - 1].busy = 0;
}

__attribute__((export_name("wasi:cli/stdin@0.2.12#get-stdin"))) int get_stdin(void) {
  return new_input(-1, 0);
}
__attribute__((export_name("wasi:cli/stdout@0.2.12#get-stdout"))) int get_stdout(void) {
  return new_output(host_stdout());
}
__attribute__((export_name("wasi:cli/stderr@0.2.12#get-stderr"))) int get_stderr(void) {
  return new_output(host_stderr());
}

// A file's bytes through an input stream, from OFFSET.
EXPORT("[method]descriptor.read-via-stream") void *read_via_stream(int self, uint64_t offset) {
  self--;
  if (nodes[self].type == DIRECTORY) return fail4(E_IS_DIRECTORY);
  unsigned char *r = ok();
  *(int32_t *)(r + 4) = new_input(self, offset > 0xffffffffu ? 0xffffffffu : (uint32_t)offset);
  return r;
}

// ---- What a read-only tree refuses ----
EXPORT("[method]descriptor.write-via-stream") void *write_via_stream(int s, int64_t o) {
  (void)s, (void)o;
  return fail4(E_READ_ONLY);
}
EXPORT("[method]descriptor.append-via-stream") void *append_via_stream(int s) {
  (void)s;
  return fail4(E_READ_ONLY);
}
EXPORT("[method]descriptor.advise") void *advise(int s, int64_t o, int64_t l, int a) {
  (void)s, (void)o, (void)l, (void)a;
  return ok();
}
EXPORT("[method]descriptor.sync-data") void *sync_data(int s) {
  (void)s;
  return ok();
}
EXPORT("[method]descriptor.sync") void *sync(int s) {
  (void)s;
  return ok();
}
EXPORT("[method]descriptor.set-size") void *set_size(int s, int64_t n) {
  (void)s, (void)n;
  return fail1(E_READ_ONLY);
}
EXPORT("[method]descriptor.set-times")
void *set_times(int s, int a, int64_t b, int c, int d, int64_t e, int f) {
  (void)s, (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
  return fail1(E_READ_ONLY);
}
EXPORT("[method]descriptor.write") void *write(int s, int p, int n, int64_t o) {
  (void)s, (void)p, (void)n, (void)o;
  return fail8(E_READ_ONLY);
}
EXPORT("[method]descriptor.create-directory-at") void *create_directory_at(int s, int p, int n) {
  (void)s, (void)p, (void)n;
  return fail1(E_READ_ONLY);
}
EXPORT("[method]descriptor.set-times-at")
void *set_times_at(int s, int pf, int p, int n, int a, int64_t b, int c, int d, int64_t e, int f) {
  (void)s, (void)pf, (void)p, (void)n, (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
  return fail1(E_READ_ONLY);
}
EXPORT("[method]descriptor.link-at")
void *link_at(int s, int pf, int p, int n, int o, int q, int m) {
  (void)s, (void)pf, (void)p, (void)n, (void)o, (void)q, (void)m;
  return fail1(E_READ_ONLY);
}
EXPORT("[method]descriptor.readlink-at") void *readlink_at(int s, const char *p, uint32_t n) {
  int k = lookup(s - 1, p, n);
  return fail4(k < 0 ? (uint8_t)-k : E_INVALID); // nothing here is a symbolic link
}
EXPORT("[method]descriptor.remove-directory-at") void *remove_directory_at(int s, int p, int n) {
  (void)s, (void)p, (void)n;
  return fail1(E_READ_ONLY);
}
EXPORT("[method]descriptor.rename-at")
void *rename_at(int s, int p, int n, int o, int q, int m) {
  (void)s, (void)p, (void)n, (void)o, (void)q, (void)m;
  return fail1(E_READ_ONLY);
}
EXPORT("[method]descriptor.symlink-at") void *symlink_at(int s, int p, int n, int q, int m) {
  (void)s, (void)p, (void)n, (void)q, (void)m;
  return fail1(E_READ_ONLY);
}
EXPORT("[method]descriptor.unlink-file-at") void *unlink_file_at(int s, int p, int n) {
  (void)s, (void)p, (void)n;
  return fail1(E_READ_ONLY);
}
