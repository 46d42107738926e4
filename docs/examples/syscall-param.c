/* syscall-param.c -- a system call given a freed buffer.
   docs/manual.md, "System call arguments".  SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
   int fd = open("/dev/null", O_WRONLY);
   char* msg = malloc(6);
   strcpy(msg, "hello");
   free(msg);
   write(fd, msg, 5);                  /* reads the freed block */
   close(fd);
   return 0;
}
