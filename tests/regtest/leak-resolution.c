/* leak-resolution: fifteen 16-byte leaks made by the same allocating
 * function alloc16(), reached through different callers.  All stacks are
 * equal in their top 2 frames (malloc, alloc16); some are also equal in
 * their top 4 frames (malloc, alloc16, via_X, mid) and differ only deeper.
 *
 *   stack below alloc16          blocks   low      med      high
 *   via_a mid top_x main         1        one      via_a:   own (16)
 *   via_a mid top_y main         2        record   3 (48)   own (32)
 *   via_b mid top_x main         3        of 15    via_b:   own (48)
 *   via_b mid top_y main         4        (240)    7 (112)  own (64)
 *   via_c main                   5                 own (80) own (80)
 *
 * Block counts differ per stack so that no two records tie in sort order.
 */
#include <stdlib.h>

static void alloc16(void) { (void)malloc(16); }
static void via_a(void) { alloc16(); }
static void via_b(void) { alloc16(); }
static void via_c(void) { alloc16(); }
static void mid(void (*f)(void)) { f(); }
static void top_x(void (*f)(void)) { mid(f); }
static void top_y(void (*f)(void)) { mid(f); }

int main(void)
{
   int i;

   for (i = 0; i < 1; i++)
      top_x(via_a);
   for (i = 0; i < 2; i++)
      top_y(via_a);
   for (i = 0; i < 3; i++)
      top_x(via_b);
   for (i = 0; i < 4; i++)
      top_y(via_b);
   for (i = 0; i < 5; i++)
      via_c();
   return 0;
}
