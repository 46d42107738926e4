/* Every error kind leakcheck reports today, once each: a mismatched
   free, an invalid free of a stack address, a fishy malloc size, a
   double free, and one loss record of each leak kind (each with its own
   size, so that the records sort the same way in both tools). */
#include <stdlib.h>

struct N { N* next; long pad; };

static N* mk(N* n, size_t extra)
{
   N* p = (N*)malloc(sizeof(N) + extra);
   p->next = n;
   return p;
}

N* reachable;
static N* interior;

int main()
{
   char* a = new char[16];
   free(a);                                   /* MismatchedFree */
   int x;
   free(&x);                                  /* InvalidFree (stack) */
   void* volatile f = malloc((size_t)-5);     /* FishyValue */
   (void)f;
   char* p = (char*)malloc(10);
   free(p);
   free(p);                                   /* InvalidFree (freed) */
   reachable = mk(0, 8);                      /* still reachable: 24 */
   mk(mk(0, 16), 32);                         /* definite 48 + indirect 32 */
   interior = (N*)((char*)mk(0, 40) + 8);     /* possibly lost: 56 */
   return 0;
}
