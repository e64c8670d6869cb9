// A directory with more entries than one readdir buffer holds: create, list, remove.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COUNT 300

int main(void) {
  char path[64];
  if (mkdir("/data/many", 0755) != 0) return 2;
  for (int i = 0; i < COUNT; i++) {
    snprintf(path, sizeof path, "/data/many/file-with-a-longish-name-%03d", i);
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    if (fd < 0 || write(fd, path, i % 50) != i % 50) return 3;
    close(fd);
  }
  static char seen[COUNT];
  int entries = 0, dots = 0, strays = 0;
  DIR *d = opendir("/data/many");
  struct dirent *e;
  while ((e = readdir(d))) {
    int i;
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) dots++;
    else if (sscanf(e->d_name, "file-with-a-longish-name-%d", &i) == 1 && i >= 0 && i < COUNT && !seen[i]++) entries++;
    else strays++;
  }
  closedir(d);
  printf("entries %d, strays %d, dots %s\n", entries, strays, dots == 0 || dots == 2 ? "0 or 2" : "odd");
  long long bytes = 0;
  for (int i = 0; i < COUNT; i += 2) { // remove the even ones, keep the odd ones
    struct stat st;
    snprintf(path, sizeof path, "/data/many/file-with-a-longish-name-%03d", i);
    if (stat(path, &st) != 0 || unlink(path) != 0) return 4;
    bytes += st.st_size;
  }
  printf("removed %d files, %lld bytes\n", COUNT / 2, bytes);
  return 0;
}
