/* leakscan.c -- leak-scan benchmark client for leakcheck.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Builds about 1,000,000 live heap blocks in linked lists and binary trees,
 * makes a few of them unreachable, and exits without freeing anything, so
 * that the tool's exit-time leak search has a large heap to scan.
 *
 * Everything is deterministic (fixed-seed xorshift), so every run and every
 * tool sees the same heap shape.  Usage: leakscan [SCALE]   (default 1.0;
 * the number of blocks scales linearly, SCALE=0.01 is a smoke test).
 *
 * Shape at SCALE=1 (block counts; sizes are the malloc'd sizes):
 *   reachable from globals
 *     256 singly linked lists, 300,000 nodes, 24..136 bytes, every 997th
 *         node 1..4 KiB
 *     16 binary search trees, 327,680 nodes of 32 bytes, each node owning a
 *         payload block of 8..263 bytes (every 499th: 1..8 KiB)  -> 655,360
 *     1 index block holding 65,536 pointers into the lists (512 KiB)
 *   lost
 *     4 cut sub-trees (depth-4 children of trees 0..3): their roots are
 *         "definitely lost", the rest of each sub-tree "indirectly lost"
 *     1 orphaned list of 30,000 nodes (head dropped): 1 definite + rest
 *         indirect
 *     8,192 blocks of 64 bytes reachable only through interior pointers
 *         (start+16) held in a global array: "possibly lost"
 * Total: about 994,000 blocks live at exit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NLISTS 256
#define NTREES 16
#define NCUT 4

struct lnode {
    struct lnode *next;
    uint64_t len;
    unsigned char data[];
};

struct tnode {
    struct tnode *left, *right;
    uint64_t key;
    unsigned char *payload;
};

/* Roots: ordinary globals (the data/bss segment is scanned as a root). */
struct lnode *g_lists[NLISTS];
struct tnode *g_trees[NTREES];
struct lnode **g_index;
size_t g_index_len;
void *g_interior[8192];
size_t g_ninterior;
struct lnode *volatile g_orphan;

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "leakscan: out of memory\n");
        exit(1);
    }
    return p;
}

static struct lnode *new_lnode(size_t i)
{
    size_t len = 8 + rnd() % 113;                 /* 24..136 bytes total */
    if (i % 997 == 0)
        len = 1024 + rnd() % 3072;                /* some 1..4 KiB blocks */
    struct lnode *n = xmalloc(sizeof *n + len);
    n->next = NULL;
    n->len = len;
    memset(n->data, 0x5a, len);                   /* defined, not pointers */
    return n;
}

static struct tnode *new_tnode(uint64_t key, size_t i)
{
    struct tnode *t = xmalloc(sizeof *t);
    size_t plen = 8 + rnd() % 256;
    if (i % 499 == 0)
        plen = 1024 + rnd() % 7168;
    t->left = t->right = NULL;
    t->key = key;
    t->payload = xmalloc(plen);
    memset(t->payload, 0xa5, plen);
    return t;
}

static void tree_insert(struct tnode **root, struct tnode *n)
{
    struct tnode **p = root;
    while (*p)
        p = n->key < (*p)->key ? &(*p)->left : &(*p)->right;
    *p = n;
}

static size_t tree_count(const struct tnode *t)
{
    size_t c = 0;
    while (t) {
        c += 1 + tree_count(t->right);
        t = t->left;
    }
    return c;
}

/* Overwrite a stretch of the stack so that no stale copy of a dropped
 * pointer survives in a dead frame (a tool without definedness tracking
 * would otherwise see it as a root). */
static __attribute__((noinline)) void scrub_stack(void)
{
    volatile unsigned char buf[64 * 1024];
    memset((void *)buf, 0, sizeof buf);
    __asm__ volatile("" : : "r"(buf) : "memory");
}

int main(int argc, char **argv)
{
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    if (scale <= 0)
        scale = 1.0;
    size_t n_list = (size_t)(300000 * scale);
    size_t n_tree = (size_t)(20480 * scale);      /* nodes per tree */
    size_t n_orphan = (size_t)(30000 * scale);
    size_t n_interior = (size_t)(8192 * scale);
    size_t n_index = (size_t)(65536 * scale);
    if (n_interior > 8192)
        n_interior = 8192;
    if (n_tree < 64)
        n_tree = 64;

    /* Lists: push nodes round-robin so neighbours in memory belong to
     * different lists (the scan cannot rely on locality). */
    for (size_t i = 0; i < n_list; i++) {
        struct lnode *n = new_lnode(i);
        size_t l = rnd() % NLISTS;
        n->next = g_lists[l];
        g_lists[l] = n;
    }

    /* Index block: pointers to every k-th list node. */
    g_index = xmalloc(n_index * sizeof *g_index);
    memset(g_index, 0, n_index * sizeof *g_index);
    {
        size_t k = 0;
        for (size_t l = 0; l < NLISTS && k < n_index; l++)
            for (struct lnode *n = g_lists[l]; n && k < n_index; n = n->next)
                if (rnd() % 4 == 0)
                    g_index[k++] = n;
        g_index_len = k;
    }

    /* Trees: interleave insertions across trees. */
    for (size_t i = 0; i < n_tree * NTREES; i++)
        tree_insert(&g_trees[i % NTREES], new_tnode(rnd() >> 1, i));

    /* Orphaned list: built, published, then dropped. */
    {
        struct lnode *head = NULL;
        for (size_t i = 0; i < n_orphan; i++) {
            struct lnode *n = new_lnode(i + 1);
            n->next = head;
            head = n;
        }
        g_orphan = head;
        g_orphan = NULL;
    }

    /* Possibly lost: only interior pointers survive. */
    for (size_t i = 0; i < n_interior; i++) {
        unsigned char *p = xmalloc(64);
        memset(p, 0x3c, 64);
        g_interior[g_ninterior++] = p + 16;
    }

    /* Cut sub-trees: follow a fixed left/right path to depth 4 and drop
     * the child pointer there. */
    size_t cut_nodes = 0;
    for (int t = 0; t < NCUT; t++) {
        struct tnode **p = &g_trees[t];
        for (int d = 0; d < 4 && *p; d++)
            p = ((d + t) & 1) ? &(*p)->right : &(*p)->left;
        if (*p) {
            cut_nodes += tree_count(*p);
            *p = NULL;
        }
    }

    scrub_stack();
    if (getenv("LEAKSCAN_VERBOSE"))
        fprintf(stderr,
                "leakscan: %zu list nodes, %zu tree nodes (+payloads), "
                "%zu cut tree nodes, %zu orphan nodes, %zu interior, "
                "index %zu\n",
                n_list, n_tree * NTREES, cut_nodes, n_orphan, n_interior,
                g_index_len);
    return 0;
}
