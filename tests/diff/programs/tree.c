/* tree: a binary search tree of 31 keys hanging off a global.  Then two
 * subtrees are cut off (lost with their descendants, which are indirectly
 * lost) and one leaf is freed properly. */
#include <stdio.h>
#include <stdlib.h>

struct node {
   int key;
   struct node *left, *right;
};

struct node *root;

static struct node *insert(struct node *t, int key)
{
   if (!t) {
      t = calloc(1, sizeof *t);
      t->key = key;
      return t;
   }
   if (key < t->key)
      t->left = insert(t->left, key);
   else
      t->right = insert(t->right, key);
   return t;
}

static void build(int lo, int hi)
{
   int mid;
   if (lo > hi)
      return;
   mid = (lo + hi) / 2;
   root = insert(root, mid);
   build(lo, mid - 1);
   build(mid + 1, hi);
}

int main(void)
{
   build(1, 31);
   root->left->right = NULL;        /* 7 nodes lost: 1 leader + 6 indirect */
   root->right->right->left = NULL; /* 3 nodes lost */
   free(root->right->left->left->left);
   root->right->left->left->left = NULL;
   printf("root key %d\n", root->key);
   return 0;
}
