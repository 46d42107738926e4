/* syscall-errors: read() into freed and too small heap buffers, write()
 * of a buffer running past its block, a freed path string. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
   int fd = open("/dev/zero", O_RDONLY);
   int out = open("/dev/null", O_WRONLY);
   for (int round = 0; round < 2; round++) {
      char *small = malloc(10);
      char *freed = malloc(10);
      char *path = strdup("/dev/null");
      free(freed);
      (void)!read(fd, small, 12);
      (void)!read(fd, freed, 4);
      (void)!write(out, small + 6, 8);
      free(path);
      (void)!access(path, F_OK);
      free(small);
   }
   close(fd);
   close(out);
   printf("done\n");
   return 0;
}
