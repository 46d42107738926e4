/* fork-child: a fork where both processes leak.  Each process names itself
 * in the Valgrind log with VALGRIND_PRINTF("proc=..."), so the harness can
 * match the parent's and the child's reports.  The child also forks a
 * grandchild that exits through _exit() (no atexit handlers). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

void *kept;

static void lose(size_t n)
{
   (void)malloc(n);
}

int main(void)
{
   pid_t pid, gpid;
   int status;

   VALGRIND_PRINTF("proc=parent\n");
   lose(100);                       /* in all three processes */
   kept = malloc(200);
   fflush(stdout);
   pid = fork();
   if (pid == 0) {
      VALGRIND_PRINTF("proc=child\n");
      lose(300);
      gpid = fork();
      if (gpid == 0) {
         VALGRIND_PRINTF("proc=grandchild\n");
         lose(400);
         _exit(4);
      }
      waitpid(gpid, &status, 0);
      printf("child: grandchild exit %d\n", WEXITSTATUS(status));
      kept = NULL;                  /* child loses the 200 bytes */
      exit(3);
   }
   waitpid(pid, &status, 0);
   printf("parent: child exit %d\n", WEXITSTATUS(status));
   lose(500);
   return 0;
}
