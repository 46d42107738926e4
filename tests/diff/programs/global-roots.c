/* global-roots: roots in the data and bss segments, in a static local,
 * in a const-qualified pointer variable, and in a global array.  Every
 * block is still reachable; one lost block for contrast. */
#include <stdio.h>
#include <stdlib.h>

void *in_bss;                            /* .bss */
void *in_data = (void *)1;               /* .data (overwritten below) */
void *array[4];
static void *file_static;

static void *get_static(void)
{
   static void *fn_static;               /* static local */
   if (!fn_static)
      fn_static = malloc(55);
   return fn_static;
}

int main(void)
{
   int i;

   in_bss = malloc(11);
   in_data = malloc(22);
   for (i = 0; i < 4; i++)
      array[i] = malloc(33);
   file_static = malloc(44);
   (void)get_static();
   (void)malloc(66);                     /* lost */
   printf("globals set\n");
   return 0;
}
