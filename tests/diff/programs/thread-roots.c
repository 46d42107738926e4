/* thread-roots: roots in other threads.  At exit:
 *  - a thread still alive (blocked) holds blocks in its stack locals;
 *  - a second alive thread holds one in a __thread variable;
 *  - main holds one in its own __thread variable;
 *  - a finished (joined) thread had put a block in its TLS and its stack:
 *    those pointers died with it.
 * main calls exit() while the two threads are blocked on a pipe. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static __thread void *tls_ptr;
static int ready[2], never[2];

static void *stack_holder(void *arg)
{
   void *on_stack = malloc(1111);
   volatile void *arr[3];
   char c;

   arr[0] = malloc(2222);
   arr[1] = arr[2] = NULL;
   (void)arg;
   write(ready[1], "s", 1);
   read(never[0], &c, 1);         /* blocks until exit */
   free(on_stack);
   return (void *)arr[0];
}

static void *tls_holder(void *arg)
{
   char c;
   (void)arg;
   tls_ptr = malloc(3333);
   write(ready[1], "t", 1);
   read(never[0], &c, 1);
   return NULL;
}

static void *finished(void *arg)
{
   void *local = malloc(5555);
   (void)arg;
   tls_ptr = malloc(6666);
   return local == NULL ? (void *)1 : NULL;
}

int main(void)
{
   pthread_t a, b, c;
   char x;

   pipe(ready);
   pipe(never);
   tls_ptr = malloc(4444);
   pthread_create(&c, NULL, finished, NULL);
   pthread_join(c, NULL);
   pthread_create(&a, NULL, stack_holder, NULL);
   read(ready[0], &x, 1);
   pthread_create(&b, NULL, tls_holder, NULL);
   read(ready[0], &x, 1);
   printf("threads parked\n");
   fflush(stdout);
   exit(0);
}
