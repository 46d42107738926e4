/* Writes a report through open_memstream and stdio; all freed. */
#define _GNU_SOURCE
#include <string.h>
#include "check.h"
int main(void) {
   char *buf; size_t len;
   FILE *f = open_memstream(&buf, &len);
   for (int i = 0; i < 3000; i++) fprintf(f, "line %d: %x\n", i, i * 2654435761u);
   fclose(f);
   CHECK(len > 40000);
   CHECK(!strncmp(buf, "line 0: 0\n", 10));
   int lines = 0; for (char *p = buf; *p; p++) lines += *p == '\n';
   CHECK(lines == 3000);
   free(buf);
   return CHECK_DONE();
}
