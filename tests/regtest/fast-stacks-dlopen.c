/* Allocation stacks through code that is loaded and unloaded: the memo
   of lk_stacktrace.c is per code address and is dropped whenever the
   debug info changes.  Libraries are loaded, made to allocate (zlib's
   compress2, liblzma's buffer encoder call malloc from deep inside),
   unloaded, and the other one loaded at the same addresses, three times
   over; --fast-stack-traces=verify stops the run at a trace that differs
   from Valgrind's unwinder's.  (Return addresses of the two libraries do
   not coincide, so a memo kept across the unloading would still give the
   right traces here: this test covers learning rules for code loaded
   late; fast-stacks-flush covers the dropping.) */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*compress2_fn)(unsigned char*, unsigned long*,
                            const unsigned char*, unsigned long, int);
typedef int (*lzma_encode_fn)(uint32_t, int, const void*, const uint8_t*,
                              size_t, uint8_t*, size_t*, size_t);

static unsigned char in[20000], out[40000];

static int use_zlib(void)
{
   void* h = dlopen("libz.so.1", RTLD_NOW);
   compress2_fn f;
   unsigned long n = sizeof out;
   int r;
   if (!h)
      return -1;
   f = (compress2_fn)dlsym(h, "compress2");
   r = f ? f(out, &n, in, sizeof in, 9) : -1;
   dlclose(h);
   return r;
}

static int use_lzma(void)
{
   void* h = dlopen("liblzma.so.5", RTLD_NOW);
   lzma_encode_fn f;
   size_t pos = 0;
   int r;
   if (!h)
      return -1;
   f = (lzma_encode_fn)dlsym(h, "lzma_easy_buffer_encode");
   /* preset 1, LZMA_CHECK_CRC32 (1), default allocator */
   r = f ? f(1, 1, NULL, in, sizeof in, out, &pos, sizeof out) : -1;
   dlclose(h);
   return r;
}

int main(void)
{
   int i;
   for (i = 0; i < (int)sizeof in; i++)
      in[i] = (unsigned char)(i * 7 % 251);
   for (i = 0; i < 3; i++) {
      if (use_zlib() != 0)
         printf("zlib failed\n");
      if (use_lzma() != 0)
         printf("lzma failed\n");
   }
   printf("done\n");
   return 0;
}
