/* lk-origin-cycle at -O2 (see lk-origin-cycle.c). */
#include "lk-origin-cycle.c"
