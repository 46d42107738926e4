/* lk-origin-realloc at -O2 (see lk-origin-realloc.c). */
#include "lk-origin-realloc.c"
