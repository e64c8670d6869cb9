// Descriptor rights and *at() calls relative to directory descriptors: writes to a read-only
// descriptor, reads of a directory, openat/unlinkat/fstatat against an open directory,
// fsync, fallocate (no WASI 0.2 equivalent). Results print as errno names.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *err(long r) {
  if (r >= 0) return "ok";
  switch (errno) {
  case EBADF: return "EBADF";
  case EISDIR: return "EISDIR";
  case ENOENT: return "ENOENT";
  case ENOTDIR: return "ENOTDIR";
  case EINVAL: return "EINVAL";
  case ENOTSUP: return "ENOTSUP";
  case ENOTEMPTY: return "ENOTEMPTY";
  case ESPIPE: return "ESPIPE";
  default: return "other error";
  }
}

int main(void) {
  int ro = open("/data/in.txt", O_RDONLY);
  printf("write to read-only: %s\n", err(write(ro, "x", 1)));
  printf("ftruncate read-only: %s\n", ftruncate(ro, 0) == 0 ? "ok" : "refused");
  close(ro);
  int wo = open("/data/in.txt", O_WRONLY);
  char c;
  printf("read from write-only: %s\n", err(read(wo, &c, 1)));
  printf("fsync: %s, fdatasync: %s\n", err(fsync(wo)), err(fdatasync(wo)));
  close(wo);
  printf("read after close: %s\n", err(read(wo, &c, 1)));

  int dir = open("/data/sub", O_RDONLY | O_DIRECTORY);
  printf("open dir: %s\n", err(dir));
  printf("read a directory: %s\n", err(read(dir, &c, 1)));
  int f = openat(dir, "made-at.txt", O_CREAT | O_WRONLY, 0644);
  printf("openat create: %s\n", err(f));
  printf("write: %s\n", err(write(f, "via openat\n", 11)));
  close(f);
  struct stat st;
  printf("fstatat: %s, size %lld\n", err(fstatat(dir, "made-at.txt", &st, 0)), (long long)st.st_size);
  printf("mkdirat: %s\n", err(mkdirat(dir, "inner", 0755)));
  printf("unlinkat a dir without AT_REMOVEDIR: %s\n", unlinkat(dir, "inner", 0) == 0 ? "ok" : "refused");
  printf("unlinkat AT_REMOVEDIR: %s\n", err(unlinkat(dir, "inner", AT_REMOVEDIR)));
  printf("unlinkat file: %s\n", err(unlinkat(dir, "old.txt", 0)));
  printf("open a file as a directory: %s\n", err(openat(dir, "made-at.txt", O_RDONLY | O_DIRECTORY)));
  DIR *d = fdopendir(dir);
  int entries = 0;
  for (struct dirent *e; (e = readdir(d));) entries += e->d_name[0] != '.';
  printf("fdopendir: %d entries\n", entries);
  closedir(d);

  f = open("/data/alloc.bin", O_CREAT | O_RDWR, 0644);
  int r = posix_fallocate(f, 0, 4096);
  printf("posix_fallocate: %s\n", r == 0 ? "ok" : r == ENOTSUP ? "ENOTSUP" : "other error");
  printf("lseek past end: %s, then size %lld\n", err(lseek(f, 10, SEEK_END)), (long long)lseek(f, 0, SEEK_END));
  printf("lseek before start: %s\n", err(lseek(f, -1, SEEK_SET)));
  close(f);
  printf("lseek on stdin: %s\n", lseek(0, 0, SEEK_CUR) < 0 ? "refused" : "ok");
  printf("access in.txt: %s, missing: %s\n", err(access("/data/in.txt", R_OK)), err(access("/data/nope", F_OK)));
  return 0;
}
