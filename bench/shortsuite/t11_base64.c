/* Base64 encode/decode round trips; the decoder's output leaks once. */
#include <string.h>
#include "check.h"
static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static char *enc(const unsigned char *s, size_t n) {
   char *o = malloc(4 * ((n + 2) / 3) + 1), *p = o;
   for (size_t i = 0; i < n; i += 3) {
      unsigned v = s[i] << 16 | (i + 1 < n ? s[i + 1] << 8 : 0) | (i + 2 < n ? s[i + 2] : 0);
      *p++ = A[v >> 18]; *p++ = A[v >> 12 & 63]; *p++ = i + 1 < n ? A[v >> 6 & 63] : '='; *p++ = i + 2 < n ? A[v & 63] : '=';
   }
   *p = 0; return o;
}
static unsigned char *dec(const char *s, size_t *n) {
   size_t l = strlen(s); unsigned char *o = malloc(l / 4 * 3 + 1); *n = 0;
   for (size_t i = 0; i < l; i += 4) {
      unsigned v = 0; int pad = 0;
      for (int j = 0; j < 4; j++) { v <<= 6; if (s[i + j] == '=') pad++; else v |= strchr(A, s[i + j]) - A; }
      o[(*n)++] = v >> 16; if (pad < 2) o[(*n)++] = v >> 8; if (pad < 1) o[(*n)++] = v;
   }
   return o;
}
int main(void) {
   unsigned char msg[100]; for (int i = 0; i < 100; i++) msg[i] = i * 7;
   int good = 0;
   for (int r = 1; r <= 100; r++) {
      char *e = enc(msg, r); size_t n; unsigned char *d = dec(e, &n);
      good += n == (size_t)r && !memcmp(d, msg, r);
      free(e); if (r != 50) free(d);
   }
   CHECK(good == 100);
   return CHECK_DONE();
}
