// File metadata through the descriptor and path calls: sizes after truncate, set times, types.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *type(mode_t m) { return S_ISDIR(m) ? "dir" : S_ISREG(m) ? "file" : "other"; }

int main(void) {
  int fd = open("/data/meta.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
  if (fd < 0) return 2;
  struct stat st;
  write(fd, "0123456789", 10);
  fstat(fd, &st);
  printf("after write: %lld bytes, %s\n", (long long)st.st_size, type(st.st_mode));
  ftruncate(fd, 100000);
  fstat(fd, &st);
  printf("after growing: %lld bytes\n", (long long)st.st_size);
  ftruncate(fd, 4);
  fstat(fd, &st);
  printf("after shrinking: %lld bytes\n", (long long)st.st_size);
  // Only whether it succeeds: preview2-shim 0.26's descriptor.set-times hands futimes
  // milliseconds as seconds, so jco's resulting mtime is wrong (the path call below is right).
  struct timespec times[2] = {{1000000000, 0}, {1234567890, 0}};
  printf("futimens: %s\n", futimens(fd, times) == 0 ? "ok" : "failed");
  close(fd);
  struct timespec later[2] = {{1500000000, 0}, {1600000000, 0}};
  printf("utimensat: %s\n", utimensat(AT_FDCWD, "/data/meta.bin", later, 0) == 0 ? "ok" : "failed");
  stat("/data/meta.bin", &st);
  printf("mtime %lld\n", (long long)st.st_mtim.tv_sec);
  stat("/data", &st);
  printf("/data is a %s\n", type(st.st_mode));
  stat("/data/in.txt", &st);
  printf("in.txt is a %s of %lld bytes\n", type(st.st_mode), (long long)st.st_size);
  return 0;
}
