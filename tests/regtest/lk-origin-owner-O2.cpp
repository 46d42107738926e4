/* lk-origin-owner at -O2 (see lk-origin-owner.cpp). */
#include "lk-origin-owner.cpp"
