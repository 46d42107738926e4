/* A tokenizer with an off-by-one: writes one byte past its token array. */
#include <string.h>
#include "check.h"
static char **split(const char *s, int *n) {
   int cnt = 1; for (const char *p = s; *p; p++) cnt += *p == ' ';
   char **out = malloc(cnt * sizeof *out);
   char *copy = strdup(s); int i = 0;
   for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) out[i++] = strdup(tok);
   free(copy); *n = i; return out;
}
int main(void) {
   int n;
   char **w = split("the quick brown fox jumps over the lazy dog", &n);
   CHECK(n == 9);
   char *joined = malloc(44);
   joined[0] = 0;
   for (int i = 0; i < n; i++) { strcat(joined, w[i]); if (i + 1 < n) strcat(joined, " "); }
   joined[44] = '!';                         /* invalid write of size 1 */
   CHECK(strlen(joined) == 43);
   for (int i = 0; i < n; i++) free(w[i]);
   free(w); free(joined);
   return CHECK_DONE();
}
