/* --track-leak-origins: longjmp skipping a free.  work() keeps its
   buffer in a local (in its frame at -O0 and -O2: its address is
   taken), and fail() longjmps back to main over work's frame: the
   buffer's pointer dies there, inside longjmp.  Nothing clears the dead
   frame, so scribble() then writes over the dead pointer: that is no
   second death (a store over a stack word reported dead is no event). */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf env;

__attribute__((noipa)) static void fail(void)
{
   longjmp(env, 1);
}

__attribute__((noipa)) static void work(void)
{
   char *tmp = malloc(60);
   strcpy(tmp, "t");
   __asm__ volatile("" : : "r"(&tmp) : "memory");   /* tmp in the frame */
   fail();
   free(tmp);                         /* never reached */
}

__attribute__((noipa)) static void scribble(void)
{
   volatile long junk[64];
   int i;
   for (i = 0; i < 64; i++)
      junk[i] = i;
}

int main(void)
{
   if (setjmp(env) == 0)
      work();
   scribble();
   return 0;
}
