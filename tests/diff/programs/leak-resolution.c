/* leak-resolution: leaks from one allocation site reached through
 * different call chains, so that the number of loss records depends on
 * --leak-resolution (low: 2 frames, med: 4, high: all).  Block counts per
 * chain differ so that records never tie.  Run with each resolution. */
#include <stdio.h>
#include <stdlib.h>

static void __attribute__((noinline)) site(void) { (void)malloc(24); }
static void __attribute__((noinline)) lvl3a(void) { site(); }
static void __attribute__((noinline)) lvl3b(void) { site(); }
static void __attribute__((noinline)) lvl4(void (*f)(void)) { f(); }
static void __attribute__((noinline)) lvl5a(void (*f)(void)) { lvl4(f); }
static void __attribute__((noinline)) lvl5b(void (*f)(void)) { lvl4(f); }
static void __attribute__((noinline)) lvl6a(void (*f)(void)) { lvl5a(f); }
static void __attribute__((noinline)) lvl6b(void (*f)(void)) { lvl5a(f); }

int main(void)
{
   int i;

   for (i = 0; i < 1; i++) lvl6a(lvl3a);
   for (i = 0; i < 2; i++) lvl6b(lvl3a);
   for (i = 0; i < 3; i++) lvl5b(lvl3a);
   for (i = 0; i < 4; i++) lvl6a(lvl3b);
   for (i = 0; i < 5; i++) lvl5b(lvl3b);
   for (i = 0; i < 6; i++) site();
   printf("21 leaks\n");
   return 0;
}
