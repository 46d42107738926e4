// mismatch.cpp -- an array from new[] released with delete.
// docs/manual.md, "Mismatched free".  SPDX-License-Identifier: GPL-2.0-or-later
int main()
{
   int* v = new int[8];
   delete v;                           // should be delete[] v
   return 0;
}
