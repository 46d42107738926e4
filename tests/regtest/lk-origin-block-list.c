/* --track-leak-origins and the monitor command block_list: after any
   leak search (summary, full, or one whose records went to an xtree
   file) block_list shows each record's origin and each definitely lost
   block's own (a half-done change computed origins for full searches
   printed to the log only, and block_list lost them after the others).
   Three blocks lost in a loop, each head overwritten by the next: the
   first two at the store of line 18, the last at line 20.  -O2 gives
   the same answers (head is volatile). */
#include <stdlib.h>
#include <valgrind/valgrind.h>

char *volatile head;

int main(void)
{
   int i;
   for (i = 0; i < 3; i++)
      head = malloc(10);
   head = NULL;
   VALGRIND_MONITOR_COMMAND("leak_check summary");
   VALGRIND_MONITOR_COMMAND("block_list 1");
   VALGRIND_MONITOR_COMMAND("xtleak lk-origin-block-list.kcg");
   VALGRIND_MONITOR_COMMAND("block_list 1");
   VALGRIND_MONITOR_COMMAND("leak_check full");
   VALGRIND_MONITOR_COMMAND("block_list 1");
   return 0;
}
