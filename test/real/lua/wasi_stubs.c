/* The three functions Lua's generic build calls that Debian's wasi-libc does not have: there is
   no shell and no temporary-file directory under WASI, so each reports failure as the C
   standard allows (system(NULL) = 0: no command processor). The test scripts do not use them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int system(const char *command) {
  if (!command) return 0;
  errno = ENOSYS;
  return -1;
}

char *tmpnam(char *s) {
  (void)s;
  errno = ENOSYS;
  return NULL;
}

FILE *tmpfile(void) {
  errno = ENOSYS;
  return NULL;
}
