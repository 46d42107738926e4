/* lk-origin-reassign at -O2 (see lk-origin-reassign.c). */
#include "lk-origin-reassign.c"
