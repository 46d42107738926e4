/* A packet array scanned backwards one element too far: reads before the block. */
#include "check.h"
typedef struct { int hdr; int body[15]; } packet;
int main(void) {
   packet *ps = calloc(200, sizeof *ps);
   int sum = 0;
   for (int i = 0; i < 200; i++) { ps[i].hdr = i; for (int j = 0; j < 15; j++) ps[i].body[j] = j; }
   for (int i = 199; i >= 0; i--) sum += ps[i].hdr + ps[i].body[14];
   volatile int *p = &ps[0].hdr;
   int before = p[-1];                       /* invalid read of size 4 before the block */
   sum += before - before;
   CHECK(sum == 19900 + 2800);
   free(ps);
   return CHECK_DONE();
}
