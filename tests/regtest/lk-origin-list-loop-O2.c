/* lk-origin-list-loop at -O2 (see lk-origin-list-loop.c). */
#include "lk-origin-list-loop.c"
