// --track-leak-origins: a container's buffer lost when its owner is
// deleted.  Buffer owns its array but has no destructor, so deleting the
// Owner frees the block that held the only pointer to the array: the
// loss is at the delete (the same at -O0 and -O2).
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
