/* A bump arena with big chunks; the arena's last chunk is forgotten. */
#include <string.h>
#include "check.h"
typedef struct chunk { struct chunk *prev; size_t used, size; char mem[]; } chunk;
static chunk *cur;
static void *arena_alloc(size_t n) {
   n = (n + 15) & ~(size_t)15;
   if (!cur || cur->used + n > cur->size) { size_t sz = n > 65536 ? n : 65536; chunk *c = malloc(sizeof *c + sz); c->prev = cur; c->used = 0; c->size = sz; cur = c; }
   void *p = cur->mem + cur->used; cur->used += n; return p;
}
int main(void) {
   char *last = NULL;
   for (int i = 0; i < 20000; i++) { last = arena_alloc(8 + i % 64); memset(last, i, 8); }
   CHECK(last[0] == (char)(19999 & 0xff));
   int chunks = 0;
   for (chunk *c = cur->prev, *p; c; c = p) { p = c->prev; free(c); chunks++; }
   CHECK(chunks > 5);
   cur = NULL;                               /* the newest chunk leaks */
   return CHECK_DONE();
}
