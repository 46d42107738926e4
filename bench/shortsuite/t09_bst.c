/* Binary search tree insert/find/delete; a detached subtree is lost. */
#include "check.h"
typedef struct tn { int k; struct tn *l, *r; } tn;
static tn *ins(tn *t, int k) { if (!t) { t = calloc(1, sizeof *t); t->k = k; return t; } if (k < t->k) t->l = ins(t->l, k); else if (k > t->k) t->r = ins(t->r, k); return t; }
static int has(tn *t, int k) { while (t) { if (k == t->k) return 1; t = k < t->k ? t->l : t->r; } return 0; }
static void kill(tn *t) { if (t) { kill(t->l); kill(t->r); free(t); } }
int main(void) {
   tn *root = NULL; unsigned x = 12345;
   for (int i = 0; i < 4000; i++) { x = x * 1103515245u + 12345u; root = ins(root, (x >> 8) % 100000); }
   int found = 0; x = 12345;
   for (int i = 0; i < 4000; i++) { x = x * 1103515245u + 12345u; found += has(root, (x >> 8) % 100000); }
   CHECK(found == 4000);
   root->l = NULL;                           /* the left subtree is lost */
   kill(root);
   return CHECK_DONE();
}
