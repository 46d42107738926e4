// heuristic.cpp -- an array of objects with destructors: new[] stores the
// element count before the first element and returns a pointer past it,
// so the only pointer to the block points into its middle.  The
// "newarray" heuristic recognises it.  docs/manual.md, "Interior pointers".
// SPDX-License-Identifier: GPL-2.0-or-later
struct Item {
   int value = 0;
   ~Item() {}
};

static Item* items;

int main()
{
   items = new Item[5];                // a block of 8 + 5 * 4 bytes
   return 0;
}
