/* exec-real: runs the program named by its arguments (with
 * --trace-children=yes it runs under the tool too).  Used to keep real
 * Debian programs that once gave false reports as regression tests:
 * they must be as silent under leakcheck as under Memcheck. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
   if (argc < 2)
      return 2;
   execvp(argv[1], argv + 1);
   perror(argv[1]);
   return 127;
}
