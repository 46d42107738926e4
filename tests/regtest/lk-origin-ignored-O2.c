/* lk-origin-ignored at -O2 (see lk-origin-ignored.c). */
#include "lk-origin-ignored.c"
