/* fds: file-descriptor errors, which the core reports with --track-fds
 * (from Valgrind 3.23 as XML errors, protocol 5, and in protocol 6 from
 * 3.26): a descriptor closed twice (FdBadClose) and one left open
 * (FdNotClosed), next to a leak. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static void* kept;

int main(void)
{
   int fd = open("/dev/null", O_RDONLY);
   int fd2 = open("/dev/zero", O_RDONLY);
   close(fd2);
   close(fd2);
   kept = malloc(64);
   kept = malloc(32);      /* the first block is lost */
   (void)fd;
   return 0;
}
