/* A growable string buffer: append, format, reset.  Leaks one buffer. */
#include <string.h>
#include <stdarg.h>
#include "check.h"
typedef struct { char *p; size_t len, cap; } strbuf;
static void sb_grow(strbuf *b, size_t need) {
   if (b->len + need + 1 <= b->cap) return;
   while (b->len + need + 1 > b->cap) b->cap = b->cap ? b->cap * 2 : 16;
   b->p = realloc(b->p, b->cap);
}
static void sb_add(strbuf *b, const char *s) {
   size_t n = strlen(s); sb_grow(b, n); memcpy(b->p + b->len, s, n + 1); b->len += n;
}
static void sb_printf(strbuf *b, const char *fmt, ...) {
   char tmp[128]; va_list ap; va_start(ap, fmt);
   vsnprintf(tmp, sizeof tmp, fmt, ap); va_end(ap); sb_add(b, tmp);
}
int main(void) {
   strbuf a = {0}, leaked = {0};
   for (int i = 0; i < 2000; i++) sb_printf(&a, "%d,", i);
   CHECK(strncmp(a.p, "0,1,2,", 6) == 0);
   CHECK(a.len > 8000);
   for (int i = 0; i < 50; i++) sb_add(&leaked, "word ");
   CHECK(leaked.len == 250);
   free(a.p);
   return CHECK_DONE();
}
