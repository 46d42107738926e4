/* fast-stacks.c built with -O0 (frame pointers everywhere; the DRAP
   function's CFI dereferences a saved register). */
#include "fast-stacks.c"
