/* Where the client's memory lies: printed, and compared with what the
   program prints under Memcheck (flag no-native).  Valgrind maps the
   tool's preload library first and everything else after it, so a
   preload of another size moves every later mapping; leakcheck's is
   padded to the extent of Memcheck's (tools/pad-preload).  Otherwise a
   value in client memory that is no pointer but looks like a heap
   address (libc's stdin flags word, 0xFBAD2088, lies in a 6 GiB heap)
   falls into another block than under Memcheck, and a leaked block is
   "possibly lost" under one tool and "definitely lost" under the other
   (docs/compatibility.md, "Chance pointers").  One leaked block here is
   reached only through a number computed from another block's address,
   the same way under both tools. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

uintptr_t not_a_pointer;

int main(void)
{
   char *small = malloc(24);
   char *big = malloc(3 << 20);   /* its own superblock */
   char *lost = malloc(5000);
   void *map = mmap(NULL, 65536, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   printf("small %p\nbig %p\nlost %p\nmap %p\nstdin %p\n", (void *)small,
          (void *)big, (void *)lost, map, (void *)stdin);
   /* An interior "pointer" made by arithmetic: lost stays possibly lost. */
   not_a_pointer = (uintptr_t)lost + 1000;
   lost = NULL;
   free(small);
   free(big);
   munmap(map, 65536);
   return 0;
}
