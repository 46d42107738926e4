/* syscall-wild: system-call buffers that point into no mapping at all
 * are unaddressable too (the kernel answers EFAULT); a buffer deep in a
 * fresh stack frame and a file mapping are fine. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int deep(int fd)
{
   char big[200000];
   int n = (int)read(fd, big, sizeof big);   /* fresh stack pages: fine */
   return n + big[199999];
}

int main(void)
{
   int fd = open("/dev/zero", O_RDONLY);
   int out = open("/dev/null", O_WRONLY);
   char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   printf("%d\n", (int)write(out, (char *)-1, 1));    /* wild */
   printf("%d\n", (int)read(fd, (char *)16, 4));      /* page zero */
   printf("%d\n", deep(fd) > 0);
   printf("%d\n", (int)read(fd, m, 8192));            /* fine */
   munmap(m, 8192);
   printf("%d\n", (int)write(out, m, 10));            /* unmapped now */
   printf("%d\n", access((char *)-8, F_OK));          /* wild path */
   return 0;
}
