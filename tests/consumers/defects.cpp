// defects MODE: the defects the consumer tests look for (tests/consumers/).
//   leak, invalid-free, mismatch, invalid-write, clean: one each, for the
//     CTest project (ctest/CMakeLists.txt), one test per mode;
//   all: every kind Test::Valgrind knows that leakcheck reports (no
//     FishyValue: Test::Valgrind's report class rejects that kind), for
//     test-valgrind.pl.
// The invalid write, the overlap and the syscall parameter error are
// reported by leakcheck once the heap-errors work is merged.
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

struct Node { Node* next; long pad; };

static void* volatile sink;
Node* reachable;
static char* interior;
static volatile size_t ten = 10;

static void leak()
{
   sink = malloc(64);
   sink = nullptr;                            // definitely lost
}

static void tree()
{
   Node* n = (Node*)malloc(sizeof(Node));
   n->next = (Node*)malloc(sizeof(Node) + 8); // definite + indirect
   sink = nullptr;
}

static void invalid_free()
{
   char* p = (char*)malloc(16);
   free(p);
   free(p);                                   // invalid free
}

static void mismatch()
{
   int* p = new int[4];
   delete p;                                  // mismatched free
}

static void invalid_write()
{
   char* volatile p = (char*)malloc(8);
   p[8] = 1;                                  // invalid write of size 1
   free(p);
}

static void invalid_read()
{
   long* volatile p = (long*)malloc(sizeof(long));
   free(p);
   sink = (void*)p[0];                        // invalid read of size 8
}

static void overlap()
{
   char* b = (char*)malloc(32);
   memset(b, 'x', 31);
   b[31] = '\0';
   strncpy(b + 2, b, ten);                    // overlap
   free(b);
}

static void syscall_param()
{
   char* b = (char*)malloc(8);
   int fd = open("/dev/null", O_WRONLY);
   free(b);
   if (write(fd, b, 8) < 0)                   // write(buf) points to freed
      perror("write");
   close(fd);
}

int main(int argc, char** argv)
{
   const char* what = argc > 1 ? argv[1] : "clean";
   bool all = !strcmp(what, "all");
   if (all || !strcmp(what, "leak")) leak();
   if (all || !strcmp(what, "invalid-free")) invalid_free();
   if (all || !strcmp(what, "mismatch")) mismatch();
   if (all || !strcmp(what, "invalid-write")) invalid_write();
   if (all) {
      tree();
      reachable = (Node*)malloc(24);          // still reachable
      interior = (char*)malloc(40) + 8;       // possibly lost
      invalid_read();
      overlap();
      syscall_param();
   }
   printf("%s done\n", what);
   return 0;
}
