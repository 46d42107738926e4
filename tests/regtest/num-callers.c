/* num-callers: a leak allocated eight calls deep, to show how
 * --num-callers cuts the allocation stack. */
#include <stdlib.h>

static void f8(void) { (void)malloc(88); }
static void f7(void) { f8(); }
static void f6(void) { f7(); }
static void f5(void) { f6(); }
static void f4(void) { f5(); }
static void f3(void) { f4(); }
static void f2(void) { f3(); }
static void f1(void) { f2(); }

int main(void)
{
   f1();
   return 0;
}
