/* lk-toolname: the tool name a client gets from VALGRIND_GET_TOOLNAME
 * (Valgrind 3.27 on) under leakcheck: "leakcheck", the --tool= it was
 * started with, also when its XML says <protocoltool>memcheck
 * (docs/client-requests.md); the required length; truncation to a short
 * buffer; and VALGRIND_REPLACES_MALLOC = 1.  With an argument, a forked
 * child asks again (the name changes around a fork, lk_main.c). */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tool-requests.h"

static void ask(const char* who)
{
   char buf[64], small[5];
   unsigned need = VALGRIND_GET_TOOLNAME(NULL, 0);
   unsigned got;
   memset(buf, 'x', sizeof buf);
   buf[sizeof buf - 1] = '\0';     /* a Valgrind before 3.27 leaves them */
   memset(small, 'x', sizeof small);
   small[sizeof small - 1] = '\0';
   got = VALGRIND_GET_TOOLNAME(buf, sizeof buf);
   printf("%s: need %u, got %u, name \"%s\"\n", who, need, got, buf);
   got = VALGRIND_GET_TOOLNAME(small, sizeof small);
   printf("%s: 5-byte buffer: got %u, \"%s\"\n", who, got, small);
   printf("%s: replaces malloc: %u\n", who, VALGRIND_REPLACES_MALLOC);
   fflush(stdout);
}

int main(int argc, char** argv)
{
   ask("parent");
   if (argc > 1) {
      pid_t pid = fork();
      if (pid == 0) {
         ask("child");
         return 0;
      }
      waitpid(pid, NULL, 0);
      ask("parent after fork");
   }
   return 0;
}
