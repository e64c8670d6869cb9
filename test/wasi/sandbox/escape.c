// A guest that tries every way out of its one preopened directory, "/sandbox" (run.sh builds the
// tree: see the comments there), through raw WASI calls and through wasi-libc, and prints the
// WASI errno each attempt gets (0 = allowed). When an attempt that should fail opens a file, the
// file's first line is printed too, so reading anything from outside shows up in the output.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static __wasi_fd_t box = 3;

#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

static void show_first_line(__wasi_fd_t fd) {
  char buf[64] = {0};
  __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
  __wasi_size_t n = 0;
  if (__wasi_fd_read(fd, &iov, 1, &n) == 0 && n > 0) {
    buf[strcspn(buf, "\n")] = 0;
    printf(" [read: %s]", buf);
  }
}

static void open_at(__wasi_fd_t dir, const char *path, int flags) {
  __wasi_fd_t fd;
  __wasi_errno_t e = __wasi_path_open(dir, flags, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  printf("open %s%s: %d", path, flags ? " (follow)" : "", e);
  if (e == 0) {
    show_first_line(fd);
    (void)__wasi_fd_close(fd);
  }
  printf("\n");
}

// Creating a file through a dangling link must not create it at the link's target outside.
static void create_at(const char *path) {
  __wasi_fd_t fd;
  __wasi_errno_t e =
      __wasi_path_open(box, FOLLOW, path, __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd);
  printf("create %s (follow): %d\n", path, e);
  if (e == 0) (void)__wasi_fd_close(fd);
}

static void stat_at(const char *path, int flags) {
  __wasi_filestat_t st;
  printf("stat %s%s: %d\n", path, flags ? " (follow)" : "",
         __wasi_path_filestat_get(box, flags, path, &st));
}

static void libc_open(const char *path) {
  errno = 0;
  FILE *f = fopen(path, "r");
  printf("fopen %s: %d", path, f ? 0 : errno);
  if (f) {
    char line[64] = {0};
    if (fgets(line, sizeof line, f)) printf(" [read: %.*s]", (int)strcspn(line, "\n"), line);
    fclose(f);
  }
  printf("\n");
}

int main(void) {
  __wasi_prestat_t pre;
  char name[16] = {0};
  if (__wasi_fd_prestat_get(box, &pre) != 0 || pre.u.dir.pr_name_len >= sizeof name ||
      __wasi_fd_prestat_dir_name(box, (uint8_t *)name, pre.u.dir.pr_name_len) != 0)
    return 2;
  printf("preopen 3: %s\n", name);

  // ".." and absolute paths.
  open_at(box, "../outside.txt", 0);
  open_at(box, "sub/../../outside.txt", 0);
  open_at(box, "sub/../../box/inside.txt", 0);
  open_at(box, "/etc/passwd", 0);
  open_at(box, "..", 0);
  open_at(box, "sub/..", 0);
  // Symbolic links: absolute, escaping, escaping in the middle of a path, loops, long chains.
  open_at(box, "link_abs", FOLLOW);
  open_at(box, "link_abs", 0);
  open_at(box, "link_up", FOLLOW);
  open_at(box, "link_dir_up/outside.txt", 0);
  open_at(box, "sub/link_up2", FOLLOW);
  open_at(box, "loop_a", FOLLOW);
  open_at(box, "self", FOLLOW);
  open_at(box, "chain40", FOLLOW);
  open_at(box, "chain41", FOLLOW);
  open_at(box, "link_ok", FOLLOW);
  create_at("dangling_up");
  create_at("dangling_abs");
  // Metadata through escaping paths.
  stat_at("../outside.txt", 0);
  stat_at("link_abs", FOLLOW);
  stat_at("link_abs", 0);
  stat_at("link_dir_up/", 0);
  printf("utimes link_up (follow): %d\n",
         __wasi_path_filestat_set_times(box, FOLLOW, "link_up", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
  char target[64] = {0};
  __wasi_size_t used = 0;
  __wasi_errno_t e = __wasi_path_readlink(box, "link_abs", (uint8_t *)target, sizeof target, &used);
  printf("readlink link_abs: %d %.*s\n", e, (int)used, target);
  // Changes outside the sandbox.
  printf("mkdir ../newdir: %d\n", __wasi_path_create_directory(box, "../newdir"));
  printf("mkdir link_dir_up/newdir: %d\n", __wasi_path_create_directory(box, "link_dir_up/newdir"));
  printf("unlink ../outside.txt: %d\n", __wasi_path_unlink_file(box, "../outside.txt"));
  printf("unlink link_dir_up/outside.txt: %d\n",
         __wasi_path_unlink_file(box, "link_dir_up/outside.txt"));
  printf("rmdir ..: %d\n", __wasi_path_remove_directory(box, ".."));
  printf("rmdir ../other: %d\n", __wasi_path_remove_directory(box, "../other"));
  printf("rename inside.txt ../moved.txt: %d\n",
         __wasi_path_rename(box, "inside.txt", box, "../moved.txt"));
  printf("rename ../outside.txt stolen.txt: %d\n",
         __wasi_path_rename(box, "../outside.txt", box, "stolen.txt"));
  printf("link inside.txt ../hardlink: %d\n",
         __wasi_path_link(box, 0, "inside.txt", box, "../hardlink"));
  printf("link link_up (follow) stolen.txt: %d\n",
         __wasi_path_link(box, FOLLOW, "link_up", box, "stolen.txt"));
  printf("symlink /etc/passwd newlink: %d\n", __wasi_path_symlink("/etc/passwd", box, "newlink"));
  printf("symlink ../outside.txt mylink: %d\n",
         __wasi_path_symlink("../outside.txt", box, "mylink"));
  open_at(box, "mylink", FOLLOW);
  // Descriptors that were never granted.
  open_at(4, "inside.txt", 0);
  __wasi_fd_t file;
  if (__wasi_path_open(box, 0, "inside.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &file) == 0) {
    open_at(file, "../outside.txt", 0);
    (void)__wasi_fd_close(file);
  }
  // The same through wasi-libc, which maps paths to the preopen first.
  libc_open("/sandbox/../outside.txt");
  libc_open("/etc/passwd");
  libc_open("/other/secret.txt");
  libc_open("/sandbox/link_abs");
  libc_open("/sandbox/loop_a");
  libc_open("/sandbox/link_ok");
  errno = 0;
  DIR *d = opendir("/sandbox/link_dir_up");
  printf("opendir /sandbox/link_dir_up: %d\n", d ? 0 : errno);
  if (d) closedir(d);
  return 0;
}
