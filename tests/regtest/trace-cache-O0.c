/* trace-cache at -O0: frame pointers, BP-based CFAs (see trace-cache.c). */
#include "trace-cache.c"
