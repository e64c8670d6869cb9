// The command that compose.mjs wraps with virt.c: it lists, stats and reads the virtual tree
// through wasi-libc and the preview1 adapter (pread, read and stdio through the virtualiser's
// streams), and tries what a read-only tree refuses. Every line is deterministic.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void list(const char *path) {
  DIR *d = opendir(path);
  if (!d) {
    printf("opendir %s: errno %d\n", path, errno);
    return;
  }
  struct dirent *e;
  while ((e = readdir(d)))
    printf("%s: %s (type %d)\n", path, e->d_name, e->d_type);
  closedir(d);
}

static void show(const char *path, off_t offset) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("open %s: errno %d\n", path, errno);
    return;
  }
  struct stat st;
  if (fstat(fd, &st) == 0)
    printf("%s: %lld bytes, regular %d\n", path, (long long)st.st_size, S_ISREG(st.st_mode));
  char buf[128];
  ssize_t n = pread(fd, buf, sizeof buf - 1, offset);
  if (n >= 0) {
    buf[n] = 0;
    printf("%s at %lld: %zd bytes: %s", path, (long long)offset, n, buf);
  } else {
    printf("pread %s: errno %d\n", path, errno);
  }
  close(fd);
}

int main(void) {
  list("/virt");
  list("/virt/docs");
  list("/virt/empty");
  show("/virt/hello.txt", 0);
  show("/virt/numbers.txt", 10);
  show("/virt/docs/readme.md", 0);
  struct stat st;
  printf("stat docs: %d, dir %d\n", stat("/virt/docs", &st), S_ISDIR(st.st_mode));
  printf("stat missing: %d errno %d\n", stat("/virt/missing", &st), errno);
  errno = 0;
  printf("open for writing: %d errno %d\n", open("/virt/hello.txt", O_WRONLY), errno);
  errno = 0;
  printf("create: %d errno %d\n", open("/virt/new.txt", O_WRONLY | O_CREAT, 0644), errno);
  errno = 0;
  printf("mkdir: %d errno %d\n", mkdir("/virt/newdir", 0755), errno);
  errno = 0;
  printf("outside: %d errno %d\n", open("/virt/../etc/passwd", O_RDONLY), errno);
  errno = 0;
  printf("host path: %d errno %d\n", open("/etc/passwd", O_RDONLY), errno);
  // read() goes through the virtualiser's input stream (pread does not).
  int fd = open("/virt/hello.txt", O_RDONLY);
  char word[6] = {0};
  printf("read: %zd '%s'\n", read(fd, word, 5), word);
  printf("read on: %zd '%s'\n", read(fd, word, 5), word);
  close(fd);
  FILE *f = fopen("/virt/docs/readme.md", "r");
  char line[80];
  for (int n = 1; f && fgets(line, sizeof line, f); n++) printf("line %d: %s", n, line);
  if (f) fclose(f);
  char c;
  printf("stdin: %zd\n", read(0, &c, 1)); // the virtualiser's stdin is empty
  fprintf(stderr, "to stderr through the virtualiser\n");
  return 0;
}
