/* sigsegv: death by SIGSEGV (a store through a NULL pointer) with leaks.
 * Memcheck reports the invalid write itself (its A-bits cover all memory);
 * then the core prints the fatal-signal text and the leak check runs. */
#include <stdio.h>
#include <stdlib.h>

void *kept;
int *volatile nowhere;

int main(void)
{
   kept = malloc(64);
   (void)malloc(32);                 /* lost */
   printf("about to crash\n");
   fflush(stdout);
   *nowhere = 1;
   return 0;
}
