/* Big blocks across fork and exec.  The shadow of a freed big block is
   pages of a file of 0xFF bytes mapped privately (lk_shadow.cpp,
   "Page-level states"): the child inherits them, its own big frees and
   mallocs remap its copy only, and the parent's reports stay right.  The
   child then execs.  Run with --sanity-level=3, which compares
   Valgrind's view of the address space with the kernel's before and
   after every system call. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile char sink;

int main(void)
{
   char *a = malloc(8 << 20), *b;
   pid_t pid;
   a[0] = 1;
   free(a);                  /* quarantined: its shadow is all ones */
   b = malloc(4 << 20);
   fflush(stdout);
   pid = fork();
   if (pid == 0) {
      char *c = malloc(16 << 20);
      sink = a[100];         /* the parent's freed block, in the child */
      free(c);
      sink = c[5 << 20];     /* its own freed block */
      b[(4 << 20) - 1] = 2;  /* still accessible */
      free(b);
      execl("/bin/true", "true", (char *)0);
      return 1;
   }
   waitpid(pid, NULL, 0);
   sink = a[200];            /* the parent's view is unchanged */
   b[(4 << 20) - 1] = 3;
   sink = b[4 << 20];        /* 0 bytes after */
   free(b);
   printf("done\n");
   return 0;
}
