/* --track-leak-origins: a pointer that only ever lives in registers.
   first_byte() writes through malloc's result and drops it; the pointer
   is an explicit register variable, so even at -O0 it is never stored
   (R12 is callee-saved: its push saves the caller's value, not p).  At
   -O0 and -O2 alike the block was never stored in memory, and malloc's
   return (the allocation stack) is named. */
#include <stdlib.h>
#include <unistd.h>

__attribute__((noipa)) static char first_byte(void)
{
   register char *p __asm__("r12") = malloc(40);   /* in R12 only */
   p[0] = 'r';
   __asm__ volatile("" : : "r"(p) : "memory");      /* the store stays */
   return p[0];
}

int main(void)
{
   char c = first_byte();
   return write(1, &c, 1) == 1 ? 0 : 1;
}
