/* Integer and floating-point arithmetic whose results printf must render identically. */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

int main(void) {
  uint64_t h = 1;
  for (int i = 0; i < 100000; i++)
    h = mix(h + (uint64_t)i);
  printf("hash %016" PRIx64 "\n", h);
  int32_t a = -123456789;
  printf("div %d rem %d shr %d ushr %u\n", a / 1000, a % 1000, a >> 3, (uint32_t)a >> 3);
  double s = 0;
  for (int i = 1; i <= 1000; i++)
    s += 1.0 / ((double)i * i);
  printf("basel %.15f sqrt %.15f\n", s, sqrt(6 * s));
  float f = 0.1f;
  for (int i = 0; i < 10; i++)
    f = f * 1.5f + 0.25f;
  printf("float %.9g floor %.1f ceil %.1f\n", (double)f, floor(-2.5), ceil(-2.5));
  printf("minmax %g %g\n", fmin(-0.0, 0.0), fmax(1.0, NAN));
  return 0;
}
