/* lk-origin-registers at -O2 (see lk-origin-registers.c). */
#include "lk-origin-registers.c"
