/* register-root: a block whose only pointer is in a callee-saved register
 * (r12) of a thread that sleeps in a system call when the process exits.
 * Registers of live threads are roots, so the block is not lost.  The
 * thread moves the pointer from a global into r12 and clears the global
 * inside one asm statement, then loops on pause(). */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>

void *volatile handoff;
volatile int moved;

static void *sleeper(void *arg)
{
   (void)arg;
   handoff = malloc(3131);
   __asm__ __volatile__(
      "movq handoff(%%rip), %%r12\n\t"
      "movq $0, handoff(%%rip)\n\t"
      "movl $1, moved(%%rip)\n"
      "1:\n\t"
      "movq %0, %%rax\n\t"
      "syscall\n\t"
      "jmp 1b\n"
      : : "i"(SYS_pause) : "rax", "rcx", "r11", "r12", "memory");
   return NULL;
}

int main(void)
{
   pthread_t t;

   (void)malloc(1313);          /* lost, for contrast */
   pthread_create(&t, NULL, sleeper, NULL);
   while (!moved)
      sched_yield();
   printf("pointer is in a register\n");
   fflush(stdout);
   exit(0);
}
