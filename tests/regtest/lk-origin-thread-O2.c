/* lk-origin-thread at -O2 (see lk-origin-thread.c). */
#include "lk-origin-thread.c"
