/* lk-origin-longjmp at -O2 (see lk-origin-longjmp.c). */
#include "lk-origin-longjmp.c"
