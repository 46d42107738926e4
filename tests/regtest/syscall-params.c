/* syscall-params: buffers the kernel would read or write that are not
 * addressable heap memory are reported before the system call, as
 * "Syscall param NAME points to unaddressable byte(s)", with the first
 * bad byte described. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
   int fd = open("/dev/zero", O_RDONLY);
   int null = open("/dev/null", O_WRONLY);
   char *buf = malloc(16);
   char *path = strdup("/dev/null");
   char *freed = malloc(32);
   free(freed);

   (void)!read(fd, buf, 16);          /* fine */
   (void)!read(fd, buf, 20);          /* 4 bytes past the end */
   (void)!read(fd, freed, 8);         /* into a freed block */
   (void)!write(null, buf + 8, 12);   /* reads 4 bytes past the end */
   free(path);
   (void)!access(path, F_OK);         /* a freed path string */
   close(fd);
   close(null);
   free(buf);
   return 0;
}
