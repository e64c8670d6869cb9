// Standard streams beyond plain reads and writes: poll() on stdin (data, then EOF), a 2 MiB
// write() in one call, and output after stdout is closed (lost, with EBADF).
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  struct pollfd p = {.fd = 0, .events = POLLIN};
  int r = poll(&p, 1, 5000);
  fprintf(stderr, "poll stdin: %d, %s\n", r, p.revents & POLLIN ? "readable" : "not readable");
  char buf[100];
  ssize_t n, total = 0;
  while ((n = read(0, buf, sizeof buf)) > 0) total += n;
  fprintf(stderr, "read %zd bytes to EOF\n", total);
  p.revents = 0;
  r = poll(&p, 1, 5000); // at EOF: readable (a read returns 0 at once)
  fprintf(stderr, "poll at EOF: %d, %s\n", r, p.revents & (POLLIN | POLLHUP) ? "ready" : "not ready");
  r = poll(NULL, 0, 30); // a plain 30 ms sleep
  fprintf(stderr, "poll with no fds: %d\n", r);

  size_t size = 2 << 20;
  char *big = malloc(size);
  for (size_t i = 0; i < size; i++) big[i] = i % 80 == 79 ? '\n' : '0' + i % 10;
  size_t done = 0;
  while (done < size) { // write() may take less than asked; the rest goes in the next call
    n = write(1, big + done, size - done);
    if (n <= 0) break;
    done += n;
  }
  fprintf(stderr, "wrote %zu of %zu bytes\n", done, size);
  close(1);
  errno = 0;
  n = write(1, "lost\n", 5);
  fprintf(stderr, "write after close: %zd, %s\n", n, errno == EBADF ? "EBADF" : "other errno");
  return 0;
}
