/* leak-tree: a binary tree of depth 3 (7 nodes) hanging off a global.
 * Two subtrees are cut off: the left subtree of the root (3 nodes: one
 * definitely lost leader with two indirectly lost children) and a single
 * right-right leaf.  Node sizes depend on the depth and side (root 32;
 * inner nodes 48 left, 56 right; leaves 64 left, 72 right), so that no two
 * loss records tie in sort order. */
#include <stdlib.h>

struct tree {
   struct tree *l, *r;
};

struct tree *root;

static struct tree *mk(int depth, int right)
{
   struct tree *t = malloc(32 + 16 * depth + 8 * right);
   if (depth < 2) {
      t->l = mk(depth + 1, 0);
      t->r = mk(depth + 1, 1);
   } else {
      t->l = t->r = NULL;
   }
   return t;
}

static void cut(void)
{
   root = mk(0, 0);
   root->l = NULL;        /* loses a 48-byte node and its leaves (64, 72) */
   root->r->r = NULL;     /* loses one 72-byte leaf */
}

int main(void)
{
   cut();
   return 0;
}
