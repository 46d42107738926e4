/* The string and memory functions later Memchecks replace: wmemcmp
   (3.21), wcsncpy (3.22), memccpy, wcpncpy (3.23), and strncat's overlap
   check, which stopped counting the source's unread terminator in 3.23.
   Under an older Valgrind these are glibc's own (vectorised) versions,
   whose reads past a block's end both tools report alike; under a newer
   one both tools' replacements report the same overlaps and nothing
   else.  strlcpy and strlcat (glibc 2.38+) are in strmem-strl.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int main(void)
{
   /* wmemcmp of the last wide characters of a block: glibc's AVX2
      version reads a whole vector. */
   wchar_t* w = calloc(8, sizeof(wchar_t));
   w[5] = L'N'; w[6] = L'A'; w[7] = L'N';
   int c = wmemcmp(w + 5, L"NAN", 3);

   /* wcsncpy and wcpncpy onto their own source. */
   wchar_t* ws = calloc(16, sizeof(wchar_t));
   wmemcpy(ws, L"abcdefgh", 8);
   wcsncpy(ws + 2, ws, 6);
   wmemcpy(ws, L"abcdefgh", 8);
   wchar_t* end = wcpncpy(ws + 1, ws, 4);

   /* memccpy: an overlap, and a clean copy that stops at the byte. */
   char* b = malloc(32);
   memcpy(b, "0123456789abcdef", 17);
   char* r1 = memccpy(b + 4, b, 'z', 8);
   char dst[16];
   char* r2 = memccpy(dst, "hello, world", ',', sizeof dst);

   /* strncat appending the first n bytes of a string to itself: the
      source's terminator, which the copy overwrites, is never read, so
      only the checks before 3.23 call it an overlap (bug 401284). */
   char* s = calloc(32, 1);
   strcpy(s, "abc");
   strncat(s + 3, s, 3);

   printf("%d %d %d %d %s\n", c, (int)(end - ws), r1 == NULL,
          r2 != NULL ? (int)(r2 - dst) : -1, s);
   free(w); free(ws); free(b); free(s);
   return 0;
}
