/* Matrix multiply and transpose on heap rows; leaks a temporary. */
#include "check.h"
static double **mat(int n) { double **m = malloc(n * sizeof *m); for (int i = 0; i < n; i++) m[i] = calloc(n, sizeof **m); return m; }
static void drop(double **m, int n) { for (int i = 0; i < n; i++) free(m[i]); free(m); }
int main(void) {
   int n = 48;
   double **a = mat(n), **b = mat(n), **c = mat(n), **t = mat(n);
   for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { a[i][j] = i + j; b[i][j] = i == j; }
   for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { double s = 0; for (int k = 0; k < n; k++) s += a[i][k] * b[k][j]; c[i][j] = s; }
   for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) t[j][i] = c[i][j];
   CHECK(c[3][5] == 8.0);
   CHECK(t[5][3] == 8.0);
   drop(a, n); drop(b, n); drop(c, n);
   free(t);                                  /* rows of t leaked */
   return CHECK_DONE();
}
