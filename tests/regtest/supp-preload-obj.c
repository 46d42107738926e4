/* Suppression entries written for Memcheck's preload by object name, as
   real-world suppression files have them (obj:*vgpreload_memcheck*, or a
   path ending in /vgpreload_memcheck-amd64-linux.so): they apply to
   leakcheck's allocator frames as they do to Memcheck's
   (docs/suppressions.md). */
#include <stdlib.h>
#include <string.h>

void *keep;

__attribute__((noinline)) static char *lib_init_cache(void)
{
   char *p = malloc(64);
   memset(p, 1, 64);
   return p;
}

__attribute__((noinline)) static void *lib_make_table(void)
{
   return calloc(16, sizeof(void *));
}

__attribute__((noinline)) static void not_suppressed(void)
{
   keep = malloc(24);
   keep = NULL;          /* definitely lost, reported */
}

__attribute__((noinline)) static void bad_free(void)
{
   char buf[8];
   free(buf + 1);        /* invalid free, suppressed by object */
}

int main(void)
{
   lib_init_cache();     /* definitely lost, suppressed */
   lib_make_table();     /* definitely lost, suppressed */
   not_suppressed();
   bad_free();
   return 0;
}
