// Files in the preopened directory /data (the runner starts it with in.txt and sub/old.txt):
// read, create, append, seek, list, rename, remove. The tree left behind is compared too.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int check(int ok, const char *what) {
  if (!ok) {
    printf("FAILED %s: %s\n", what, strerror(errno));
    exit(3);
  }
  return ok;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path) { // sorted: readdir order is the host's
  char *names[64];
  int n = 0;
  DIR *d = opendir(path);
  check(d != NULL, "opendir");
  struct dirent *e;
  while ((e = readdir(d)) && n < 64)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, n, sizeof *names, cmp);
  printf("%s:", path);
  for (int i = 0; i < n; i++) {
    char full[256];
    struct stat st;
    snprintf(full, sizeof full, "%s/%s", path, names[i]);
    check(stat(full, &st) == 0, "stat");
    printf(" %s%s", names[i], S_ISDIR(st.st_mode) ? "/" : "");
    if (S_ISREG(st.st_mode)) printf("(%lld)", (long long)st.st_size);
    free(names[i]);
  }
  printf("\n");
}

int main(void) {
  char buf[256];
  FILE *f = fopen("/data/in.txt", "r");
  check(f != NULL, "open in.txt");
  while (fgets(buf, sizeof buf, f)) printf("in: %s", buf);
  fclose(f);

  f = fopen("/data/out.txt", "w");
  check(f != NULL, "create out.txt");
  for (int i = 0; i < 100; i++) fprintf(f, "line %d\n", i);
  check(fclose(f) == 0, "close out.txt");
  f = fopen("/data/out.txt", "a");
  check(f != NULL, "append");
  fputs("appended\n", f);
  fclose(f);

  int fd = open("/data/out.txt", O_RDWR);
  check(fd >= 0, "open rw");
  check(lseek(fd, 5, SEEK_SET) == 5, "lseek");
  check(write(fd, "X", 1) == 1, "write at 5");
  check(lseek(fd, -9, SEEK_END) >= 0, "lseek end");
  ssize_t n = read(fd, buf, sizeof buf - 1);
  check(n >= 0, "read");
  buf[n] = 0;
  printf("tail: %s", buf);
  close(fd);

  check(mkdir("/data/newdir", 0755) == 0, "mkdir");
  check(rename("/data/out.txt", "/data/newdir/moved.txt") == 0, "rename");
  check(unlink("/data/sub/old.txt") == 0, "unlink");
  check(rmdir("/data/sub") == 0, "rmdir");
  list("/data");
  list("/data/newdir");
  return 0;
}
