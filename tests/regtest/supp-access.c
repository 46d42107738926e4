/* supp-access: heap access errors of several sizes (suppression kinds
   Addr1..Addr16), overlapping strcpy/strncpy (Overlap) and a system call
   reading freed memory (Param write(buf)).  Reported by leakcheck once
   the heap-errors work is merged. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <emmintrin.h>


__attribute__((noinline)) static void read1(volatile char* p) { (void)p[10]; }
__attribute__((noinline)) static void write2(volatile short* p) { p[-1] = 7; }
__attribute__((noinline)) static void write4(volatile int* p) { p[4] = 1; }
__attribute__((noinline)) static long read8(volatile long* p) { return p[0]; }
__attribute__((noinline)) static __m128i read16(void* p)
{
   return _mm_loadu_si128((__m128i*)p);
}
/* A size the compiler cannot see, so that strncpy is called, not inlined. */
static volatile size_t ten = 10;

int main(void)
{
   char* c = malloc(10);
   short* s = malloc(8);
   int* i = malloc(16);
   long* l = malloc(24);
   char* v = malloc(16);
   int fd = open("/dev/null", O_WRONLY);
   char* buf = malloc(32);

   read1(c);                 /* Invalid read of size 1: just after the block */
   write2(s);                /* Invalid write of size 2: just before it */
   write4(i);                /* Invalid write of size 4 */
   free(l);
   (void)read8(l);           /* Invalid read of size 8: freed block */
   free(v);
   (void)read16(v);          /* Invalid read of size 16 */
   memset(buf, 'x', 31);
   buf[31] = '\0';
   strcpy(buf, buf + 1);     /* Overlap in strcpy(dst, src) */
   strncpy(buf + 2, buf, ten);  /* Overlap in strncpy(dst, src, 10) */
   free(buf);
   if (write(fd, buf, 8) < 0) return 1;    /* SyscallParam write(buf) */
   close(fd);
   free(c);
   free(s);
   free(i);
   return 0;
}
