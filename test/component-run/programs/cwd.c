// Relative paths: wasi-libc resolves them against its own working directory ("/" at start, then
// chdir), and from there against the preopens.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void show(const char *path) {
  char line[64] = "";
  FILE *f = fopen(path, "r");
  if (f && fgets(line, sizeof line, f)) line[strcspn(line, "\n")] = 0;
  printf("%s: %s\n", path, f ? line : "cannot open");
  if (f) fclose(f);
}

int main(void) {
  char buf[256];
  printf("cwd %s\n", getcwd(buf, sizeof buf) ? buf : "unknown");
  show("data/in.txt");
  show("/data/./sub/../in.txt");
  printf("chdir: %s\n", chdir("/data/sub") == 0 ? "ok" : "failed");
  printf("cwd %s\n", getcwd(buf, sizeof buf) ? buf : "unknown");
  show("old.txt");
  show("../in.txt");
  FILE *f = fopen("new.txt", "w");
  fputs("written through a relative path\n", f ? f : stderr);
  if (f) fclose(f);
  show("/data/sub/new.txt");
  return 0;
}
