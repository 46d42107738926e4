/* abort-leak: the program dies by abort() (SIGABRT); the leak check still
 * runs and sees the 123-byte lost block and the 456-byte block still held
 * by a global. */
#include <stdlib.h>

void *kept;

static void lose(void)
{
   (void)malloc(123);
}

int main(void)
{
   kept = malloc(456);
   lose();
   abort();
}
