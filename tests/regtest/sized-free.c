/* sized-free: C23's free_sized and free_aligned_sized, and C11's
 * aligned_alloc checked the way Memcheck checks them.  glibc 2.36 has no
 * free_sized or free_aligned_sized, and its aligned_alloc is memalign,
 * so the program defines the three itself and the tests run it with
 * --soname-synonyms=somalloc=NONE: the preload then replaces them in the
 * executable as it would in a C library that has them.  Which ones it
 * replaces depends on the Valgrind version (free_sized from 3.23,
 * free_aligned_sized on Linux from 3.26; the checks from 3.22);
 * Memcheck's output for each version is the expectation.  Every block is
 * freed. */
#include <stdio.h>
#include <stdlib.h>

void free_sized(void *p, size_t size)
{
   (void)size;
   free(p);
}

void free_aligned_sized(void *p, size_t align, size_t size)
{
   (void)align;
   (void)size;
   free(p);
}

void *aligned_alloc(size_t align, size_t size)
{
   void *p = NULL;
   if (align < sizeof(void *))
      align = sizeof(void *);
   return posix_memalign(&p, align, size) == 0 ? p : NULL;
}

static void show(const char *what, void *p)
{
   printf("%s: %s\n", what, p ? "a block" : "NULL");
}

int main(void)
{
   void *p;

   p = malloc(40);
   free_sized(p, 40);                    /* right */
   p = malloc(40);
   free_sized(p, 41);                    /* size differs */
   free_sized(NULL, 0);

   p = aligned_alloc(64, 128);
   show("aligned_alloc(64, 128)", p);
   free_aligned_sized(p, 64, 128);       /* right */
   p = aligned_alloc(64, 128);
   free_aligned_sized(p, 32, 100);       /* alignment and size differ */

   show("aligned_alloc(48, 96)", aligned_alloc(48, 96));   /* bad alignment */
   p = aligned_alloc(64, 100);           /* size not a multiple */
   show("aligned_alloc(64, 100)", p);
   free(p);
   free(aligned_alloc(0, 16));           /* NULL or not, by version */
   p = aligned_alloc(64, 0);             /* size 0 */
   free_aligned_sized(p, 64, 0);

   p = malloc(32);
   free_aligned_sized(p, 16, 32);        /* not an aligned block */
   free_aligned_sized(NULL, 3, 5);       /* bad values, nothing freed */
   return 0;
}
