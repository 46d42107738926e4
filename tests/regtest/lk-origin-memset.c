/* --track-leak-origins: a pointer field cleared by memset.  reset()
   wipes the whole structure, buffer pointer included.  At -O0 the
   stores are memset's (the replacement's frame, then reset's call); at
   -O2 GCC writes the 16 bytes itself with one vector store in reset. */
#include <stdlib.h>
#include <string.h>

struct conn {
   char *buf;
   long  fd;
};

struct conn *volatile the_conn;

__attribute__((noipa)) static void reset(struct conn *c)
{
   memset(c, 0, sizeof *c);           /* the buffer pointer goes too */
}

int main(void)
{
   struct conn *c = malloc(sizeof *c);
   c->buf = malloc(100);
   c->fd = 3;
   the_conn = c;
   reset(c);
   return 0;
}
