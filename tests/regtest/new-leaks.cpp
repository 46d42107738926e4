// new-leaks: one lost block from each operator new variant, each with its
// own size, so that each loss record shows the allocator's frame name.
#include <new>

struct alignas(64) Wide {
   char c[64 * 3];
};

struct Obj {
   long v;
   Obj() : v(1) {}
   ~Obj() { v = 0; }
};

static void lose_all()
{
   (void)new char[11];                                       // new[]
   (void)new long(12);                                       // new
   (void)new (std::nothrow) char[13];                        // nothrow new[]
   (void)new (std::nothrow) char;                            // nothrow new
   (void)new Wide;                                           // aligned new
   (void)::operator new[](150, std::align_val_t(128));       // aligned new[]
   (void)::operator new(170, std::align_val_t(32), std::nothrow);
   (void)new Obj[3];      // 8-byte cookie + 24: a 32-byte block; the
                          // returned pointer is interior (newarray)
}

int main()
{
   lose_all();
   return 0;
}
