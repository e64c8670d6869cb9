/* The sandbox core: resolving a guest path beneath a directory so that it can never reach outside
   it. On Linux 5.6+ the kernel does it: openat2 with RESOLVE_BENEATH (absolute paths, ".." above
   the directory and symbolic links leading out are refused with EXDEV, atomically, with no race)
   and RESOLVE_NO_MAGICLINKS. Without openat2 (ENOSYS, or a seccomp filter's EPERM, probed once;
   also qemu-user 7.2) a component-by-component walk does the same: every step opens one name
   with O_NOFOLLOW, so the kernel never follows a link the walk has not checked; links are
   expanded by hand (relative targets only, at most 40), and the directories walked through stay
   open on a stack, so ".." pops back to a directory already known to be inside, never above the
   root. Escapes are PERM, the error Wasmtime gives (cap-std reports them as PermissionDenied), loops LOOP. */
#include "wasi_internal.h"

#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_BENEATH 0x08
#define MAX_LINKS 40
#define MAX_DEPTH 256

typedef struct open_how {
  uint64_t flags, mode, resolve;
} open_how;

static int openat2_state = -1; /* -1 unknown, 0 absent, 1 usable */

/* Set W2N_WASI_NO_OPENAT2 in the host environment to force the walk (for testing it). */
static bool walk_forced(void) {
  for (char **e = w2n_envp; e && *e; e++) {
    const char *s = *e, *k = "W2N_WASI_NO_OPENAT2=";
    while (*k && *s == *k)
      s++, k++;
    if (!*k) return true;
  }
  return false;
}

static bool have_openat2(void) {
  if (openat2_state < 0) {
    open_how how = {W2N_O_PATH | W2N_O_DIRECTORY | W2N_O_CLOEXEC, 0, RESOLVE_BENEATH};
    long r = w2n_wasi_sys(W2N_SYS_openat2, W2N_AT_FDCWD, (long)".", (long)&how, sizeof how, 0, 0);
    if (r >= 0) w2n_sys(W2N_SYS_close, r, 0, 0, 0, 0, 0);
    openat2_state = (r == -W2N_ENOSYS || r == -W2N_EPERM || walk_forced()) ? 0 : 1;
  }
  return openat2_state == 1;
}

static int32_t open_openat2(int root, const char *path, int flags, int *fd_out) {
  open_how how = {(uint64_t)flags, (flags & W2N_O_CREAT) ? 0666u : 0u,
                  RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
  long r;
  int tries = 0;
  do /* EAGAIN: a concurrent rename or mount raced with a ".." step; try again */
    r = w2n_wasi_sys(W2N_SYS_openat2, root, (long)path, (long)&how, sizeof how, 0, 0);
  while (r == -W2N_EAGAIN && ++tries < 16);
  if (r == -W2N_EXDEV) return W2N_WASI_EPERM;
  if (r < 0) return w2n_wasi_errno_from_linux(r);
  *fd_out = (int)r;
  return W2N_WASI_ESUCCESS;
}

/* ---- The walk. ---- */
typedef struct walk {
  int root;
  int depth; /* directories opened below root, stack[0..depth) */
  int links;
  int stack[MAX_DEPTH];
  char path[2 * W2N_WASI_PATH_MAX]; /* what remains to resolve */
} walk;

static int walk_cur(const walk *w) { return w->depth ? w->stack[w->depth - 1] : w->root; }

static void walk_close(walk *w) {
  while (w->depth > 0)
    w2n_sys(W2N_SYS_close, w->stack[--w->depth], 0, 0, 0, 0, 0);
}

static size_t str_len(const char *s) { return w2n_strlen(s); }

/* Replaces the component just read by the target of the link it names: path becomes
   target + rest (rest keeps its leading slashes). */
static int32_t walk_expand(walk *w, const char *name, const char *rest) {
  char target[W2N_WASI_PATH_MAX];
  long n =
      w2n_wasi_sys(W2N_SYS_readlinkat, walk_cur(w), (long)name, (long)target, sizeof target, 0, 0);
  if (n < 0) return w2n_wasi_errno_from_linux(n);
  if (++w->links > MAX_LINKS) return W2N_WASI_ELOOP;
  if (n == 0) return W2N_WASI_ENOENT;
  if ((size_t)n >= sizeof target) return W2N_WASI_ENAMETOOLONG;
  if (target[0] == '/') return W2N_WASI_EPERM; /* absolute: outside by definition */
  size_t rest_len = str_len(rest);
  if ((size_t)n + rest_len + 1 > sizeof w->path) return W2N_WASI_ENAMETOOLONG;
  char tmp[2 * W2N_WASI_PATH_MAX];
  w2n_wasi_copy(tmp, target, (size_t)n);
  w2n_wasi_copy(tmp + n, rest, rest_len + 1);
  w2n_wasi_copy(w->path, tmp, (size_t)n + rest_len + 1);
  return W2N_WASI_ESUCCESS;
}

static bool is_link(int dir, const char *name) {
  char c;
  return w2n_sys(W2N_SYS_readlinkat, dir, (long)name, (long)&c, 1, 0, 0) >= 0;
}

static int32_t walk_open(walk *w, int flags, bool follow, int *fd_out) {
  const char *p = w->path;
  if (*p == '/') return W2N_WASI_EPERM;
  if (*p == 0) return W2N_WASI_ENOENT;
  for (;;) {
    while (*p == '/')
      p++;
    if (*p == 0) { /* the path ended at a directory already open: open it again */
      long fd = w2n_wasi_sys(W2N_SYS_openat, walk_cur(w), (long)".", flags, 0666, 0, 0);
      if (fd < 0) return w2n_wasi_errno_from_linux(fd);
      *fd_out = (int)fd;
      return W2N_WASI_ESUCCESS;
    }
    const char *end = p;
    while (*end && *end != '/')
      end++;
    size_t len = (size_t)(end - p);
    const char *after = end;
    while (*after == '/')
      after++;
    bool last = *after == 0, slash = last && end != after;
    char name[W2N_WASI_NAME_MAX + 2];
    if (len > W2N_WASI_NAME_MAX) return W2N_WASI_ENAMETOOLONG;
    w2n_wasi_copy(name, p, len);
    name[len] = 0;
    if (len == 1 && name[0] == '.') {
      p = end;
      continue;
    }
    if (len == 2 && name[0] == '.' && name[1] == '.') {
      if (w->depth == 0) return W2N_WASI_EPERM; /* above the root */
      w2n_sys(W2N_SYS_close, w->stack[--w->depth], 0, 0, 0, 0, 0);
      p = end;
      continue;
    }
    if (!last) { /* an intermediate directory: always followed, never out of the sandbox */
      long fd =
          w2n_wasi_sys(W2N_SYS_openat, walk_cur(w), (long)name,
                       W2N_O_PATH | W2N_O_DIRECTORY | W2N_O_NOFOLLOW | W2N_O_CLOEXEC, 0, 0, 0);
      if (fd >= 0) {
        if (w->depth == MAX_DEPTH) {
          w2n_sys(W2N_SYS_close, fd, 0, 0, 0, 0, 0);
          return W2N_WASI_ENAMETOOLONG;
        }
        w->stack[w->depth++] = (int)fd;
        p = end;
        continue;
      }
      if (fd != -W2N_ENOTDIR && fd != -W2N_ELOOP) return w2n_wasi_errno_from_linux(fd);
      if (!is_link(walk_cur(w), name)) return W2N_WASI_ENOTDIR;
    } else if ((follow || slash) && is_link(walk_cur(w), name)) {
      /* a trailing slash follows a final link, as in POSIX */
    } else {
      if (slash) name[len] = '/', name[len + 1] = 0; /* the kernel checks it is a directory */
      long fd =
          w2n_wasi_sys(W2N_SYS_openat, walk_cur(w), (long)name, flags | W2N_O_NOFOLLOW, 0666, 0, 0);
      if (fd < 0) return w2n_wasi_errno_from_linux(fd);
      *fd_out = (int)fd;
      return W2N_WASI_ESUCCESS;
    }
    int32_t err = walk_expand(w, name, end);
    if (err) return err;
    p = w->path;
    if (*p == '/') return W2N_WASI_EPERM;
  }
}

int32_t w2n_wasi_open_beneath(int root, const char *path, int flags, bool follow, int *fd_out) {
  flags |= W2N_O_CLOEXEC | ((flags & W2N_O_PATH) ? 0 : W2N_O_NOCTTY); /* O_PATH allows no more */
  if (path[0] == '/') return W2N_WASI_EPERM;
  if (have_openat2())
    return open_openat2(root, path, flags | (follow ? 0 : W2N_O_NOFOLLOW), fd_out);
  size_t len = str_len(path);
  if (len >= W2N_WASI_PATH_MAX) return W2N_WASI_ENAMETOOLONG;
  walk w;
  w.root = root;
  w.depth = 0;
  w.links = 0;
  w2n_wasi_copy(w.path, path, len + 1);
  int32_t err = walk_open(&w, flags, follow, fd_out);
  walk_close(&w);
  return err;
}

bool w2n_wasi_has_trailing_slash(const char *path) {
  size_t n = str_len(path);
  return n > 0 && path[n - 1] == '/';
}

void w2n_wasi_parent_close(w2n_wasi_parent *p) {
  if (p->fd >= 0 && p->fd != p->root) w2n_sys(W2N_SYS_close, p->fd, 0, 0, 0, 0, 0);
  p->fd = -1;
}

static bool is_dot_or_dotdot(const char *name) {
  return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}

int32_t w2n_wasi_resolve_parent(int root, const char *path, bool follow, w2n_wasi_parent *out) {
  char buf[2 * W2N_WASI_PATH_MAX];
  size_t len = str_len(path);
  if (len >= W2N_WASI_PATH_MAX) return W2N_WASI_ENAMETOOLONG;
  w2n_wasi_copy(buf, path, len + 1);
  out->fd = -1;
  out->root = root;
  for (int links = 0;; links++) {
    if (buf[0] == '/') return W2N_WASI_EPERM;
    if (buf[0] == 0) return W2N_WASI_ENOENT;
    size_t end = str_len(buf);
    out->trailing_slash = buf[end - 1] == '/';
    while (buf[end - 1] == '/')
      end--;
    size_t start = end;
    while (start > 0 && buf[start - 1] != '/')
      start--;
    if (end - start > W2N_WASI_NAME_MAX) return W2N_WASI_ENAMETOOLONG;
    w2n_wasi_copy(out->name, buf + start, end - start);
    out->name[end - start] = 0;
    w2n_wasi_copy(out->kname, out->name, end - start);
    out->kname[end - start] = '/';
    out->kname[end - start + (out->trailing_slash ? 1 : 0)] = 0;
    int32_t err;
    if (start == 0) {
      out->fd = root;
    } else {
      char dir[2 * W2N_WASI_PATH_MAX];
      w2n_wasi_copy(dir, buf, start);
      dir[start] = 0;
      err = w2n_wasi_open_beneath(root, dir, W2N_O_PATH | W2N_O_DIRECTORY, true, &out->fd);
      if (err) return err;
    }
    if (is_dot_or_dotdot(out->name)) { /* must itself stay beneath root */
      int fd;
      err = w2n_wasi_open_beneath(root, buf, W2N_O_PATH | W2N_O_DIRECTORY, true, &fd);
      if (err) {
        w2n_wasi_parent_close(out);
        return err;
      }
      w2n_sys(W2N_SYS_close, fd, 0, 0, 0, 0, 0);
      return W2N_WASI_ESUCCESS;
    }
    if (!follow) return W2N_WASI_ESUCCESS;
    char target[W2N_WASI_PATH_MAX];
    long n = w2n_wasi_sys(W2N_SYS_readlinkat, out->fd, (long)out->name, (long)target, sizeof target,
                          0, 0);
    if (n < 0) return W2N_WASI_ESUCCESS; /* not a link (or missing): the final component */
    w2n_wasi_parent_close(out);
    if (links + 1 > MAX_LINKS) return W2N_WASI_ELOOP;
    if (n == 0) return W2N_WASI_ENOENT;
    if ((size_t)n >= sizeof target) return W2N_WASI_ENAMETOOLONG;
    if (target[0] == '/') return W2N_WASI_EPERM;
    /* buf = directory part + target (+ "/" when the path had a trailing slash) */
    size_t total = start + (size_t)n + (out->trailing_slash ? 1 : 0);
    if (total >= sizeof buf) return W2N_WASI_ENAMETOOLONG;
    w2n_wasi_copy(buf + start, target, (size_t)n);
    if (out->trailing_slash) buf[start + n] = '/';
    buf[total] = 0;
  }
}
