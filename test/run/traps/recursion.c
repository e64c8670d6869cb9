/* EXPECT: call stack exhausted */
/* Recursion without end; the volatile store keeps it from becoming a loop, and no local has its
   address taken, so only the native stack grows (not the C shadow stack in linear memory). */
volatile int sink;
__attribute__((noinline)) int down(int n) {
  int r = down(n + 1);
  sink = r;
  return r + n;
}
int main(int argc, char **argv) { return down(argc); }
