/* lk-origin-scope at -O2 (see lk-origin-scope.c). */
#include "lk-origin-scope.c"
