// --track-leak-origins: a container's buffer lost when its owner is
// deleted.  Buffer owns its array but has no destructor: deleting the
// Owner frees the only pointer to the array, line 26.  At -O2 the delete
// is a tail call: the stack shows it called from main's line 32.
#include <cstddef>

struct Buffer {
   int*        data;
   std::size_t size;
   explicit Buffer(std::size_t n) : data(new int[n]), size(n) {}
   // no destructor: the array is never freed
};

struct Owner {
   Buffer buf;
   long   id;
   Owner() : buf(64), id(1) {}
};

Owner* volatile current;

__attribute__((noipa)) static void replace_owner()
{
   Owner* o = current;
   current = nullptr;
   delete o;                          // the array's only pointer goes
}

int main()
{
   current = new Owner;
   replace_owner();
   return 0;
}
