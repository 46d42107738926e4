/* fork-leak: both processes of a fork run their own leak check at exit.
 * The child loses 77 bytes and exits first (the parent waits for it); the
 * parent then loses 88 bytes.  Before the fork the parent lost 55 bytes,
 * which the child inherits (it is lost in both). */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void lose(size_t n)
{
   (void)malloc(n);
}

int main(void)
{
   pid_t pid;
   int status;

   lose(55);
   pid = fork();
   if (pid == 0) {
      lose(77);
      exit(0);
   }
   waitpid(pid, &status, 0);
   lose(88);
   return 0;
}
