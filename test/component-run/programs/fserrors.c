// Failing file operations: only that they fail and the errno where WASI fixes it.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char *what, int r) {
  printf("%s: %s\n", what, r < 0 ? (errno == ENOENT ? "ENOENT" : errno == EEXIST ? "EEXIST" : errno == ENOTEMPTY ? "ENOTEMPTY" : errno == ENOTDIR ? "ENOTDIR" : "error") : "ok");
}

int main(void) {
  report("open missing", open("/data/missing.txt", O_RDONLY));
  report("mkdir existing", mkdir("/data/sub", 0755));
  report("rmdir non-empty", rmdir("/data/sub"));
  report("unlink missing", unlink("/data/nothing"));
  report("open file as dir", open("/data/in.txt/x", O_RDONLY));
  report("create exclusive", open("/data/in.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
  // Outside every preopen: refused (EPERM, ENOTCAPABLE or ENOENT, depending on the layer).
  printf("escape: %s\n", open("/data/../outside.txt", O_CREAT | O_WRONLY, 0644) < 0 ? "refused" : "allowed");
  printf("absolute elsewhere: %s\n", open("/etc/passwd", O_RDONLY) < 0 ? "refused" : "allowed");
  return 0;
}
