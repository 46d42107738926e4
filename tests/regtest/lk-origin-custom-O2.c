/* lk-origin-custom at -O2 (see lk-origin-custom.c). */
#include "lk-origin-custom.c"
