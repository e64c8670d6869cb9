// File names as strings across the component boundary: UTF-8 in several scripts, spaces, a
// 255-byte name, one too long for the host (ENAMETOOLONG or the like: only "refused" is printed).
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  static const char *names[] = {"ünïcödé.txt", "файл.txt", "文件.txt", "with space", "🙂 emoji", "a,b;c=d"};
  char path[600], longname[300];
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    snprintf(path, sizeof path, "/data/%s", names[i]);
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    printf("create %s: %s\n", names[i], fd >= 0 && write(fd, names[i], strlen(names[i])) > 0 ? "ok" : "failed");
    close(fd);
  }
  memset(longname, 'n', 255);
  longname[255] = 0;
  snprintf(path, sizeof path, "/data/%s", longname);
  int fd = open(path, O_CREAT | O_WRONLY, 0644);
  printf("255-byte name: %s\n", fd >= 0 ? "ok" : "failed");
  close(fd);
  snprintf(path, sizeof path, "/data/%sxx", longname);
  printf("257-byte name: %s\n", open(path, O_CREAT | O_WRONLY, 0644) < 0 ? "refused" : "created");

  char *found[32];
  int n = 0;
  DIR *d = opendir("/data");
  for (struct dirent *e; (e = readdir(d)) && n < 32;)
    if (e->d_name[0] != '.') found[n++] = strdup(e->d_name);
  closedir(d);
  qsort(found, n, sizeof *found, cmp);
  for (int i = 0; i < n; i++) {
    struct stat st;
    snprintf(path, sizeof path, "/data/%s", found[i]);
    int ok = stat(path, &st) == 0;
    printf("%.40s%s (%zu bytes of name", found[i], strlen(found[i]) > 40 ? "..." : "", strlen(found[i]));
    if (ok && S_ISREG(st.st_mode)) printf(", %lld of data", (long long)st.st_size); // not a directory's
    printf(")%s\n", ok ? "" : " cannot stat");
  }
  return 0;
}
