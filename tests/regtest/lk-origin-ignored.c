/* --track-leak-origins, cause 3: an allocating function's result
   ignored.  make_buffer returns malloc's result without storing it; its
   caller drops it: the pointer was never stored in memory, and the
   return that handed it out is named (make_buffer, returning to
   ignore_result).  At -O2 make_buffer is a tail call of malloc, whose
   return (the preload's) is not looked at: the first return seen with
   the pointer in RAX is ignore_result's own, line 19 (void, RAX kept). */
#include <stdlib.h>

__attribute__((noipa)) static char *make_buffer(size_t n)
{
   return malloc(n);
}

__attribute__((noipa)) static void ignore_result(void)
{
   make_buffer(30);                   /* the result is dropped */
   __asm__ volatile("");
}

int main(void)
{
   ignore_result();
   return 0;
}
