/* tls-main LIB: a thread created before dlopen(LIB) touches LIB's
   thread-local buffer, then stays parked on a pipe until the process
   exits, so its dynamic TLS block is still allocated at the leak search
   (possibly lost; suppressed by Valgrind's default.supp). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static char* (*touch)(void);
static int go[2], done[2];

static void* worker(void* arg)
{
   char c;
   if (read(go[0], &c, 1) != 1) return NULL;     /* library loaded */
   touch();
   if (write(done[1], "x", 1) != 1) return NULL;
   (void)read(go[0], &c, 1);                     /* parked until exit */
   return NULL;
}

int main(int argc, char** argv)
{
   pthread_t t;
   char c;
   void* h;
   if (argc < 2 || pipe(go) || pipe(done)) return 2;
   pthread_create(&t, NULL, worker, NULL);
   h = dlopen(argv[1], RTLD_NOW);
   if (!h) { printf("dlopen failed\n"); return 1; }
   touch = (char* (*)(void))dlsym(h, "tls_touch");
   if (write(go[1], "x", 1) != 1 || read(done[0], &c, 1) != 1) return 1;
   printf("touched\n");
   return 0;
}
