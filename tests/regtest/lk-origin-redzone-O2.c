/* lk-origin-redzone at -O2 (see lk-origin-redzone.c). */
#include "lk-origin-redzone.c"
