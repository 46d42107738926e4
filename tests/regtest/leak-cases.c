/* leak-cases: the nine pointer-chain cases of a leak checker.
 *
 * AAA and BBB are heap blocks; pN are global (definite) roots; "--->" is a
 * pointer to the start of a block, "-?->" a pointer into its interior.
 * Every block has its own size, so each loss record is unambiguous.
 *
 *   case  chain                   AAA (size)            BBB (size)
 *   1     p1 ---> AAA             reachable (16)
 *   2     p2 ---> AAA ---> BBB    reachable (24)        reachable (32)
 *   3          AAA                definitely lost (40)
 *   4          AAA ---> BBB       definitely lost (48)  indirectly lost (56)
 *   5     p5 -?-> AAA             possibly lost (64)
 *   6     p6 ---> AAA -?-> BBB    reachable (72)        possibly lost (80)
 *   7     p7 -?-> AAA ---> BBB    possibly lost (88)    possibly lost (96)
 *   8     p8 -?-> AAA -?-> BBB    possibly lost (104)   possibly lost (112)
 *   9          AAA -?-> BBB       definitely lost (120) indirectly lost (128)
 */
#include <stdlib.h>

struct node {
   struct node *next;
};

static struct node *mk(size_t size, struct node *next)
{
   struct node *x = malloc(size);
   x->next = next;
   return x;
}

/* Definite roots. */
struct node *p1, *p2, *p5, *p6, *p7, *p8;

static void make_cases(void)
{
   struct node *t;

   p1 = mk(16, NULL);                                 /* case 1 */
   p2 = mk(24, mk(32, NULL));                         /* case 2 */
   (void)mk(40, NULL);                                /* case 3 */
   (void)mk(48, mk(56, NULL));                        /* case 4 */
   p5 = (struct node *)((char *)mk(64, NULL) + 8);    /* case 5 */
   p6 = mk(72, mk(80, NULL));                         /* case 6 */
   p6->next = (struct node *)((char *)p6->next + 8);
   p7 = mk(88, mk(96, NULL));                         /* case 7 */
   p7 = (struct node *)((char *)p7 + 8);
   t = mk(104, mk(112, NULL));                        /* case 8 */
   t->next = (struct node *)((char *)t->next + 8);
   p8 = (struct node *)((char *)t + 8);
   t = mk(120, mk(128, NULL));                        /* case 9 */
   t->next = (struct node *)((char *)t->next + 8);
   t = NULL;
}

int main(void)
{
   make_cases();
   return 0;
}
