/* Adjacency lists and a breadth-first search; a cycle of nodes leaks. */
#include "check.h"
typedef struct gn { int id, nadj, dist; struct gn **adj; } gn;
int main(void) {
   int n = 1500; gn **g = malloc(n * sizeof *g);
   for (int i = 0; i < n; i++) { g[i] = calloc(1, sizeof(gn)); g[i]->id = i; g[i]->dist = -1; g[i]->adj = malloc(3 * sizeof(gn *)); }
   for (int i = 0; i < n; i++) { g[i]->adj[g[i]->nadj++] = g[(i + 1) % n]; g[i]->adj[g[i]->nadj++] = g[(i * 7) % n]; }
   gn **q = malloc(n * sizeof *q); int h = 0, t = 0; g[0]->dist = 0; q[t++] = g[0];
   while (h < t) { gn *u = q[h++]; for (int k = 0; k < u->nadj; k++) if (u->adj[k]->dist < 0) { u->adj[k]->dist = u->dist + 1; q[t++] = u->adj[k]; } }
   CHECK(t == n);
   CHECK(g[1]->dist == 1);
   for (int i = 0; i < n - 20; i++) { free(g[i]->adj); free(g[i]); }
   free(q); free(g);                         /* the last 20 nodes leak */
   return CHECK_DONE();
}
