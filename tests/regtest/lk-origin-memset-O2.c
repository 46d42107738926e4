/* lk-origin-memset at -O2 (see lk-origin-memset.c). */
#include "lk-origin-memset.c"
