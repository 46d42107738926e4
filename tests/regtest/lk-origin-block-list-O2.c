/* lk-origin-block-list at -O2 (see lk-origin-block-list.c). */
#include "lk-origin-block-list.c"
