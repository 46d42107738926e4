/* abort: the program aborts (SIGABRT) with leaks and reachable blocks;
 * the leak check still runs.  stdout is flushed before abort(). */
#include <stdio.h>
#include <stdlib.h>

void *kept;

static void work(void)
{
   char **list = malloc(4 * sizeof(char *));
   list[0] = malloc(41);
   list[1] = malloc(42);
   list[2] = list[3] = NULL;
   list = NULL;                     /* lost with its 2 children */
   kept = malloc(43);
}

int main(void)
{
   work();
   printf("about to abort\n");
   fflush(stdout);
   abort();
}
