/* lk-origin-moves at -O2 (see lk-origin-moves.c). */
#include "lk-origin-moves.c"
