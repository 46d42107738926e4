/* --track-leak-origins: longjmp skipping a free.  work() keeps its
   buffer in a local (in its frame at -O0 and -O2: its address is
   taken), and fail() longjmps back to main over work's frame: the
   buffer's pointer dies there, inside longjmp. */
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

int main(void)
{
   if (setjmp(env) == 0)
      work();
   return 0;
}
