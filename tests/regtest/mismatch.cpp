// mismatch: each allocation is freed by the wrong family; each is reported
// as "Mismatched free() / delete / delete []" and still freed.
#include <cstdlib>

int main()
{
   char *m = (char *)std::malloc(10);
   delete m;                 // malloc / delete
   char *m2 = (char *)std::malloc(11);
   delete[] m2;              // malloc / delete[]
   int *v = new int[10];
   delete v;                 // new[] / delete
   int *v2 = new int[11];
   std::free(v2);            // new[] / free
   int *n = new int;
   delete[] n;               // new / delete[]
   long *n2 = new long;
   std::free(n2);            // new / free
   return 0;
}
