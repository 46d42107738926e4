/* A small JSON-ish tokenizer building a token array; leaks string tokens. */
#include <string.h>
#include <ctype.h>
#include "check.h"
typedef struct { int kind; char *text; } tok;
static tok *lex(const char *s, int *n) {
   int cap = 8; tok *t = malloc(cap * sizeof *t); *n = 0;
   while (*s) {
      if (isspace((unsigned char)*s)) { s++; continue; }
      if (*n == cap) t = realloc(t, (cap *= 2) * sizeof *t);
      if (*s == '"') { const char *e = strchr(s + 1, '"'); t[*n].kind = 's'; t[*n].text = strndup(s + 1, e - s - 1); s = e + 1; }
      else if (isdigit((unsigned char)*s)) { char *e; strtol(s, &e, 10); t[*n].kind = 'n'; t[*n].text = strndup(s, e - s); s = e; }
      else { t[*n].kind = *s; t[*n].text = NULL; s++; }
      (*n)++;
   }
   return t;
}
int main(void) {
   const char *doc = "{\"name\": \"leakcheck\", \"tests\": [1, 22, 333, 4444], \"ok\": \"yes\"}";
   int n = 0, total = 0;
   for (int r = 0; r < 300; r++) {
      tok *t = lex(doc, &n); total += n;
      for (int i = 0; i < n; i++) if (t[i].kind == 'n') free(t[i].text);
      if (r) for (int i = 0; i < n; i++) if (t[i].kind == 's') free(t[i].text);
      free(t);
   }
   CHECK(n == 21);
   CHECK(total == 6300);
   return CHECK_DONE();
}
