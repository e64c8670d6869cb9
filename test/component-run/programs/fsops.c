// More path and descriptor operations in two preopens (/data and /other): append mode, a hole
// past the end, renames that replace or are refused, hard and symbolic links, directory entry
// types. Results print as errno names; the trees left behind are compared too.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *err(int r) {
  if (r >= 0) return "ok";
  switch (errno) {
  case ENOENT: return "ENOENT";
  case EEXIST: return "EEXIST";
  case ENOTEMPTY: return "ENOTEMPTY";
  case ENOTDIR: return "ENOTDIR";
  case EISDIR: return "EISDIR";
  case EXDEV: return "EXDEV";
  case ELOOP: return "ELOOP";
  default: return "other error";
  }
}

static void put(const char *path, const char *text) {
  int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  if (fd < 0 || write(fd, text, strlen(text)) < 0) printf("cannot write %s\n", path);
  close(fd);
}

static long long size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  put("/data/log.txt", "one\n");
  int fd = open("/data/log.txt", O_WRONLY | O_APPEND);
  lseek(fd, 0, SEEK_SET); // appends go to the end anyway
  write(fd, "two\n", 4);
  write(fd, "three\n", 6);
  printf("append: size %lld, offset %lld\n", size("/data/log.txt"), (long long)lseek(fd, 0, SEEK_CUR));
  close(fd);

  fd = open("/data/sparse.bin", O_CREAT | O_RDWR, 0644);
  pwrite(fd, "end", 3, 100000);
  char buf[16] = {1};
  ssize_t n = pread(fd, buf, 4, 500);
  printf("hole: size %lld, reads %zd zero bytes: %s\n", size("/data/sparse.bin"), n, n == 4 && !buf[0] && !buf[3] ? "yes" : "no");
  close(fd);

  put("/data/a.txt", "file a\n");
  put("/data/b.txt", "file b, longer\n");
  printf("rename over a file: %s, size now %lld\n", err(rename("/data/a.txt", "/data/b.txt")), size("/data/b.txt"));
  mkdir("/data/d1", 0755);
  mkdir("/data/d2", 0755);
  put("/data/d1/x", "x\n");
  put("/data/d2/y", "y\n");
  printf("rename dir over non-empty dir: %s\n", err(rename("/data/d1", "/data/d2")));
  printf("rename dir to a new name: %s\n", err(rename("/data/d1", "/data/d3")));
  printf("rename file over dir: %s\n", err(rename("/data/b.txt", "/data/d3")));
  printf("rename across preopens: %s\n", err(rename("/data/log.txt", "/other/log.txt")));

  printf("link: %s\n", err(link("/data/b.txt", "/data/b-link.txt")));
  struct stat st;
  stat("/data/b.txt", &st);
  printf("nlink %d\n", (int)st.st_nlink);
  printf("symlink: %s\n", err(symlink("d3/x", "/data/to-x")));
  char target[64] = "";
  n = readlink("/data/to-x", target, sizeof target - 1);
  printf("readlink: %s -> %.*s\n", err((int)n), n > 0 ? (int)n : 0, target);
  lstat("/data/to-x", &st);
  printf("lstat: %s\n", S_ISLNK(st.st_mode) ? "symlink" : "not a symlink");
  fd = open("/data/to-x", O_RDONLY);
  n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
  printf("open through it: %s, %zd bytes\n", err(fd), n);
  close(fd);
  fd = open("/data/to-x", O_RDONLY | O_NOFOLLOW);
  printf("nofollow: %s\n", fd < 0 ? "refused" : "opened");
  close(fd);
  symlink("../../outside", "/data/escape");
  printf("open a link out of the preopen: %s\n", open("/data/escape", O_RDONLY) < 0 ? "refused" : "opened");

  char *names[32];
  int count = 0;
  DIR *d = opendir("/data");
  struct dirent *e;
  while ((e = readdir(d)) && count < 32) {
    if (e->d_name[0] == '.') continue;
    char *s = malloc(strlen(e->d_name) + 3);
    sprintf(s, "%s%s", e->d_name, e->d_type == DT_DIR ? "/" : e->d_type == DT_LNK ? "@" : e->d_type == DT_REG ? "" : "?");
    names[count++] = s;
  }
  closedir(d);
  qsort(names, count, sizeof *names, cmp);
  printf("/data:");
  for (int i = 0; i < count; i++) printf(" %s", names[i]);
  printf("\n");
  return 0;
}
