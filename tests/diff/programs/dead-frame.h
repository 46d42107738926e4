/* dead-frame.h -- for the coroutine tests: a block whose only pointer is
   left in a frame that has returned.  SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DEAD_FRAME_H
#define DEAD_FRAME_H
#include <stdlib.h>

/* The pointer sits more than 128 bytes below the caller's SP, out of the
   red zone that is cleared at each return: only what is known about the
   stack below SP can tell that it is dead. */
static __attribute__((noinline)) void leave_pointer_in_dead_frame(size_t n)
{
   void* volatile slots[64];
   int i;
   for (i = 0; i < 64; i++)
      slots[i] = NULL;
   slots[0] = malloc(n);
   __asm__ volatile("" ::: "memory");
}

#endif
