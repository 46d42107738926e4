// sized-delete.cpp -- deletes that do not match their new: the wrong
// size, and a plain delete of an over-aligned object.  Memcheck reports
// them from Valgrind 3.22 on.
// docs/manual.md, "Allocator arguments".  SPDX-License-Identifier: GPL-2.0-or-later
#include <new>

struct alignas(64) Line { char bytes[64]; };

int main()
{
   void* p = ::operator new(32);
   ::operator delete(p, 31);                      // allocated with 32
   void* q = ::operator new(sizeof(Line), std::align_val_t(64));
   ::operator delete(q);                          // not the aligned delete
   return 0;
}
