// A 4 MiB file written in uneven pieces, then read back at scattered offsets with pread and as a
// whole with read; the file stays behind for the tree comparison.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SIZE (4 << 20)

static unsigned char byte_at(long i) { return (unsigned char)(i * 2654435761u >> 13); }

int main(void) {
  unsigned char *buf = malloc(SIZE);
  for (long i = 0; i < SIZE; i++) buf[i] = byte_at(i);
  int fd = open("/data/big.bin", O_CREAT | O_TRUNC | O_RDWR, 0644);
  if (fd < 0) return 2;
  long done = 0, step = 1;
  while (done < SIZE) {
    long n = step < SIZE - done ? step : SIZE - done;
    ssize_t w = write(fd, buf + done, n);
    if (w <= 0) return 3;
    done += w;
    step = step * 5 % 300007 + 1;
  }
  int bad = 0;
  for (long off = 0; off < SIZE; off += 65537 * 3) {
    unsigned char b[100];
    ssize_t n = pread(fd, b, sizeof b, off);
    for (ssize_t k = 0; k < n; k++) bad += b[k] != byte_at(off + k);
  }
  printf("pread: %s\n", bad ? "MISMATCH" : "ok");
  lseek(fd, 0, SEEK_SET);
  long total = 0;
  ssize_t n;
  while ((n = read(fd, buf, 1 << 20)) > 0) {
    for (ssize_t k = 0; k < n; k++) bad += buf[k] != byte_at(total + k);
    total += n;
  }
  printf("read back %ld bytes: %s\n", total, bad ? "MISMATCH" : "ok");
  close(fd);
  return 0;
}
