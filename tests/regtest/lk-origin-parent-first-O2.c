/* lk-origin-parent-first at -O2 (see lk-origin-parent-first.c). */
#include "lk-origin-parent-first.c"
